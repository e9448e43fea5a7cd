import { Alert, Checkbox, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useController, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FINANCING_STAGES } from '../../../../shared/domain/financing';
import type { FinancingStepRecord, ProblemRecord } from '../../../../shared/domain/problem';
import { call } from '../../api';
import { DateField, NumberField, SelectField, TextField } from '../../components/fields';
import type { AnswerValues } from './values';
import { bankMatcher } from '../../../../shared/domain/banks';
import { useCompletionChecks } from '../../stores/completion-checks';
import { useReference } from '../../stores/reference';
import { BankField } from './BankField';

/** A step's tag colour, wherever a case's steps are shown. */
export const STAGE_COLOR = { referred: 'blue', approved: 'green', declined: 'red', funded: 'gold' } as const;

/**
 * A financing problem taken up in a follow-up: what happened with a bank since — referred,
 * the bank's answer, funds received. The steps recorded so far are shown above, so the
 * officer carries the case on from where it stands.
 */
export function FinancingStepFields({ control, path, testKey, problem, visitId, disabled, setStep }: { control: Control<AnswerValues>; path: string; testKey: string; visitId: string; problem: Pick<ProblemRecord, 'id' | 'firmId' | 'raisedVisitId'>; disabled: boolean; setStep: (step: object | undefined) => void }) {
  const { t, i18n } = useTranslation();
  const [history, setHistory] = useState<FinancingStepRecord[]>([]);
  const [need, setNeed] = useState<number | null>(null);
  useEffect(() => {
    void call('problems.get', { id: problem.id }).then((p) => setHistory(p.financing));
    void call('financing.cases', { firmId: problem.firmId }).then((cases) => setNeed(cases.find((c) => c.visitId === problem.raisedVisitId)?.need ?? null));
  }, [problem.id, problem.firmId, problem.raisedVisitId]);
  const step = useWatch({ control, name: `${path}.financing` }) as { stage?: string; amount?: number | null } | undefined;
  const status = useController({ control, name: `${path}.status` });
  // The need is met once the funds so far (steps of other visits) and these reach it: the problem resolves.
  const receivedBefore = history.filter((h) => h.stage === 'funded' && h.visitId !== visitId).reduce((sum, h) => sum + (h.amount ?? 0), 0);
  const needMet = !disabled && need !== null && need > 0 && step?.stage === 'funded' && typeof step.amount === 'number' && receivedBefore + step.amount >= need;
  const resolve = status.field.onChange;
  useEffect(() => {
    if (needMet && status.field.value !== 'resolved') resolve('resolved');
    // Only when the need becomes met: the officer may still choose another status afterwards.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needMet, resolve]);
  const visitDate = useWatch({ control, name: 'visitDate' }) as string | undefined;
  // What asks for a confirmation at completion: an approval with no referral to that bank, an amount above the need.
  const bank = (useWatch({ control, name: `${path}.financing.bank` }) as string | undefined)?.trim() ?? '';
  const setCheck = useCompletionChecks((s) => s.set);
  const banks = useReference('bank');
  const sameBank = useMemo(() => {
    const matcher = bankMatcher(banks.map((b) => ({ name: b.name, aliases: b.aliases ?? [] })));
    return (a: string, b: string) => (matcher.canonical(a) ?? a.trim()) === (matcher.canonical(b) ?? b.trim());
  }, [banks]);
  const approvedUnreferred = !disabled && step?.stage === 'approved' && bank !== '' && !history.some((h) => h.stage === 'referred' && h.visitId !== visitId && sameBank(h.bank, bank));
  const aboveNeed = !disabled && (step?.stage === 'approved' || step?.stage === 'funded') && need !== null && need > 0 && typeof step.amount === 'number' && step.amount > need;
  const checkText = [
    approvedUnreferred ? t('financing.checkNoReferral', { bank }) : null,
    aboveNeed ? t('financing.checkAboveNeed', { amount: `${step!.amount!.toLocaleString(i18n.language)} ${t('survey.wan')}`, need: `${need!.toLocaleString(i18n.language)} ${t('survey.wan')}` }) : null,
  ].filter(Boolean).join('；');
  useEffect(() => {
    setCheck(`${visitId}:${path}`, checkText || null);
    return () => setCheck(`${visitId}:${path}`, null);
  }, [checkText, setCheck, visitId, path]);
  const name = (field: string) => `${path}.financing.${field}`;
  const wan = t('survey.wan');
  return (
    <div style={{ width: '100%', marginTop: 8 }} data-testid={`financing-step-${testKey}`}>
      {history.length > 0 && (
        <Timeline
          style={{ marginTop: 8 }}
          items={history.map((h) => ({
            color: STAGE_COLOR[h.stage],
            children: (
              <Typography.Text>
                {h.on} · {h.bank} · <Tag color={STAGE_COLOR[h.stage]}>{t(`financing.stage.${h.stage}`)}</Tag>
                {h.amount !== null && `${h.amount.toLocaleString(i18n.language)} ${wan}`}
                {h.rate !== null && ` · ${h.rate}%`}
                {h.termMonths !== null && ` · ${h.termMonths} ${t('survey.months')}`}
                {h.reason && ` · ${h.reason}`}
              </Typography.Text>
            ),
          }))}
        />
      )}
      <Checkbox checked={step !== undefined} disabled={disabled} onChange={(e) => setStep(e.target.checked ? { stage: 'referred', on: visitDate } : undefined)} data-testid={`record-bank-${testKey}`}>
        {t('financing.record')}
      </Checkbox>
      {step !== undefined && (
        <Space align="start" wrap style={{ display: 'flex', marginTop: 8 }}>
          <BankField control={control} name={name('bank')} testId={`update-${testKey}-bank`} disabled={disabled} />
          <SelectField control={control} name={name('stage')} label={t('financing.stageLabel')} required width={150} testId={`update-${testKey}-stage`}
            options={FINANCING_STAGES.map((s) => ({ value: s, label: t(`financing.stage.${s}`) }))} />
          <DateField control={control} name={name('on')} label={t('financing.on')} required testId={`update-${testKey}-on`} />
          {(step.stage === 'approved' || step.stage === 'funded') && (
            <NumberField control={control} name={name('amount')} label={t(step.stage === 'funded' ? 'financing.received' : 'financing.approved')} required unit={wan} min={0} precision={2} width={170} testId={`update-${testKey}-amount`} />
          )}
          {step.stage === 'approved' && (
            <>
              <NumberField control={control} name={name('rate')} label={t('financing.rate')} unit="%" min={0} max={100} precision={2} width={130} testId={`update-${testKey}-rate`} />
              <NumberField control={control} name={name('termMonths')} label={t('survey.termMonths')} unit={t('survey.months')} min={1} max={360} precision={0} width={130} />
            </>
          )}
          {step.stage === 'declined' && <TextField control={control} name={name('reason')} label={t('financing.reason')} required maxLength={500} testId={`update-${testKey}-reason`} />}
        </Space>
      )}
      {checkText && <Alert type="warning" showIcon style={{ marginTop: 8 }} message={checkText} data-testid={`financing-check-${testKey}`} />}
      {step?.stage === 'funded' && (needMet ? (
        <Alert type="success" showIcon style={{ marginTop: 8 }} data-testid={`need-met-${testKey}`}
          message={t('financing.needMet', { received: `${(receivedBefore + (step.amount ?? 0)).toLocaleString(i18n.language)} ${wan}`, need: `${need!.toLocaleString(i18n.language)} ${wan}` })} />
      ) : (
        <Alert type="info" showIcon style={{ marginTop: 8 }} message={t('financing.fundedHint')} />
      ))}
    </div>
  );
}
