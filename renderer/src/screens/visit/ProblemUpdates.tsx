import { Alert, Card, Checkbox, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useFieldArray, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PROBLEM_STATUSES, type ProblemRecord } from '../../../../shared/domain/problem';
import { CALLBACK_VERDICTS, CALLBACK_WAYS, DEPARTMENT_STEPS } from '../../../../shared/domain/demand/track';
import { call } from '../../api';
import { DateField, SelectField, TextField } from '../../components/fields';
import { groupedOptions, useReference } from '../../stores/reference';
import { DemandLight } from '../demands/DemandLight';
import { STATUS_COLOR } from '../../components/ProblemTable';
import { FinancingStepFields } from './FinancingStepFields';
import type { AnswerValues } from './values';

/**
 * A firm's open problems, each of which the officer can take up with a new status and a
 * note of what was done (and, for a financing problem, a step with a bank). A follow-up
 * has one list (`updates`); an event has one per firm that came (`firms.N.updates`).
 * `testKey` keeps test ids unique when several lists are on one page.
 */
export function ProblemUpdates({ control, disabled, firmId, visitId, name, testKey = '' }: { control: Control<AnswerValues>; disabled: boolean; firmId: string; visitId: string; name: string; testKey?: string }) {
  const { t } = useTranslation();
  const updates = useFieldArray({ control, name: name as never });
  const departments = groupedOptions(useReference('department'));
  const [problems, setProblems] = useState<ProblemRecord[]>([]);
  useEffect(() => {
    void call('problems.list', { firmId, limit: 200 }).then((r) => setProblems(r.items));
  }, [firmId]);
  const chosen = updates.fields as unknown as { id: string; problemId: string }[];
  const chosenValues = (useWatch({ control, name }) as Record<string, unknown>[] | undefined) ?? [];
  // A resolved (or closed) demand the firm raises again is taken up again on request: the same problem, a new step.
  const [withResolved, setWithResolved] = useState(false);
  const candidates = problems.filter((p) => withResolved || p.status !== 'resolved' || chosen.some((c) => c.problemId === p.id));
  const resolvedCount = problems.filter((p) => p.status === 'resolved').length;

  return (
    <>
      {candidates.length === 0 && <Alert type="info" showIcon message={t('survey.noOpenProblems')} style={{ marginTop: 8 }} />}
      {resolvedCount > 0 && (
        <Checkbox checked={withResolved} onChange={(e) => setWithResolved(e.target.checked)} style={{ marginTop: 8 }} data-testid={`show-resolved-${testKey}`}>
          {t('demands.reopenResolved', { count: resolvedCount })}
        </Checkbox>
      )}
      {candidates.map((p) => {
        const index = chosen.findIndex((c) => c.problemId === p.id);
        const key = `${testKey}${index}`;
        return (
          <Card key={p.id} size="small" style={{ marginTop: 8 }} data-testid={`followup-problem-${p.id}`}>
            <Checkbox
              checked={index >= 0}
              disabled={disabled}
              data-testid={`take-up-${p.id}`}
              onChange={(e) => (e.target.checked ? updates.append({ problemId: p.id, status: 'in_progress', note: '' } as never) : updates.remove(index))}
            >
              <Tag>{t(`problemCategory.${p.category}`)}</Tag>
              {p.description}
              <Tag color={STATUS_COLOR[p.status]} style={{ marginLeft: 8 }}>
                {t(`problemStatus.${p.status}`)}
              </Tag>
              {p.clock ? <DemandLight problem={p} compact /> : p.dueDate && <Typography.Text type={p.overdue ? 'danger' : 'secondary'}>{p.dueDate}</Typography.Text>}
            </Checkbox>
            {index >= 0 && (
              <Space align="start" wrap style={{ marginTop: 12, display: 'flex' }}>
                <SelectField control={control} name={`${name}.${index}.status`} label={t('survey.newStatus')} required width={160} testId={`update-${key}-status`}
                  options={PROBLEM_STATUSES.map((s) => ({ value: s, label: t(`problemStatus.${s}`) }))} />
                <div style={{ minWidth: 520 }}>
                  <TextField control={control} name={`${name}.${index}.note`} label={t('survey.note')} required maxLength={2000} testId={`update-${key}-note`} />
                </div>
              </Space>
            )}
            {index >= 0 && (
              <Space align="start" wrap style={{ display: 'flex' }}>
                <SelectField control={control} name={`${name}.${index}.departmentStep`} label={t('demands.departmentStepLabel')} allowClear width={160} testId={`update-${key}-department-step`}
                  options={DEPARTMENT_STEPS.map((s) => ({ value: s, label: t(`demands.departmentStep.${s}`) }))} />
                <TextField control={control} name={`${name}.${index}.departmentBy`} label={t('demands.departmentBy')} maxLength={100} testId={`update-${key}-department-by`} />
                <SelectField control={control} name={`${name}.${index}.department`} label={t('demands.handing')} options={departments} allowClear width={220} testId={`update-${key}-department`} />
                <DateField control={control} name={`${name}.${index}.handedOn`} label={t('demands.handedOn')} testId={`update-${key}-handed`} />
              </Space>
            )}
            {index >= 0 && (chosenValues[index] as { status?: string } | undefined)?.status === 'resolved' && (
              <Card size="small" type="inner" title={t('demands.callback')} style={{ marginTop: 8 }} data-testid={`update-${key}-callback`}>
                <Typography.Paragraph type="secondary">{t('demands.callbackNeeded')}</Typography.Paragraph>
                <Space align="start" wrap style={{ display: 'flex' }}>
                  <SelectField control={control} name={`${name}.${index}.callback.how`} label={t('demands.callbackWay')} required width={140} testId={`update-${key}-callback-how`}
                    options={CALLBACK_WAYS.map((w) => ({ value: w, label: t(`demands.callbackHow.${w}`) }))} />
                  <DateField control={control} name={`${name}.${index}.callback.on`} label={t('demands.callbackOn')} required testId={`update-${key}-callback-on`} />
                  <SelectField control={control} name={`${name}.${index}.callback.verdict`} label={t('demands.callbackVerdict')} required width={140} testId={`update-${key}-callback-verdict`}
                    options={CALLBACK_VERDICTS.map((v) => ({ value: v, label: t(`demands.verdict.${v}`) }))} />
                  <div style={{ minWidth: 360 }}>
                    <TextField control={control} name={`${name}.${index}.callback.note`} label={t('demands.callbackNote')} maxLength={500} testId={`update-${key}-callback-note`} />
                  </div>
                </Space>
              </Card>
            )}
            {index >= 0 && p.category === 'financing' && (
              <FinancingStepFields control={control} path={`${name}.${index}`} testKey={key} problem={p} visitId={visitId} disabled={disabled}
                setStep={(step) => updates.update(index, { ...(chosenValues[index] ?? { problemId: p.id, status: 'in_progress', note: '' }), financing: step } as never)} />
            )}
          </Card>
        );
      })}
    </>
  );
}
