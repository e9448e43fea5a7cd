import { Alert, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useFieldArray, useFormState, useWatch, type Control, type FieldErrors } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ELIMINATED_USES } from '../../../../shared/domain/answers/diagnosis';
import { uuidv7 } from '../../../../shared/domain/uuidv7';
import { suggestEliminated, type EliminatedEntry } from '../../../../shared/reference/eliminated-products';
import { SelectField, TextField } from '../../components/fields';
import { useEliminatedList, useReference } from '../../stores/reference';
import type { AnswerValues } from './values';

interface Finding {
  code: string;
  name: string;
  status: EliminatedEntry['status'];
  use: (typeof ELIMINATED_USES)[number];
  problemId?: string;
  note?: string;
}

/**
 * 淘汰产品核查: what the firm makes and uses, checked against the eliminated-products list.
 * Typing suggests entries; the officer confirms each with the firm. Confirming an
 * eliminated entry raises a problem of category eliminated_product (the rule the main
 * process and the server enforce); removing the finding removes that problem too.
 */
export function EliminatedSection({ control, disabled }: { control: Control<AnswerValues>; disabled: boolean }) {
  const { t } = useTranslation();
  const list = useEliminatedList();
  const departments = useReference('department');
  const findings = useFieldArray({ control, name: 'eliminated.findings' as never });
  const problems = useFieldArray({ control, name: 'problems' as never });
  const text = (useWatch({ control, name: 'eliminated.products' }) as string | undefined) ?? '';
  const current = ((useWatch({ control, name: 'eliminated.findings' }) as Finding[] | undefined) ?? []).filter(Boolean);
  const raised = (useWatch({ control, name: 'problems' }) as ({ id?: string } | undefined)[] | undefined) ?? [];
  const { errors } = useFormState({ control });
  const confirmed = new Set(current.map((f) => f.code));
  const suggestions = suggestEliminated(text, list).filter((e) => !confirmed.has(e.code));
  const byCode = new Map(list.map((e) => [e.code, e]));

  const confirm = (entry: EliminatedEntry, use: Finding['use']) => {
    const finding: Finding = { code: entry.code, name: entry.name, status: entry.status, use, note: '' };
    if (entry.status === 'eliminated') {
      const id = uuidv7();
      const department = departments.find((d) => d.code === 'D-HOUSING')?.name ?? t('eliminated.department');
      const useText = t(use === 'makes' ? 'eliminated.useMakes' : 'eliminated.useUses');
      problems.append({ id, category: 'eliminated_product', urgency: 'high', description: t('eliminated.problemDescription', { use: useText, name: entry.name, source: entry.source }), helpRequested: t('eliminated.problemHelp'), department } as never);
      finding.problemId = id;
    }
    findings.append(finding as never);
  };
  const remove = (i: number) => {
    const problemId = current[i]?.problemId;
    const at = problemId ? raised.findIndex((p) => p?.id === problemId) : -1;
    if (at >= 0) problems.remove(at);
    findings.remove(i);
  };

  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('eliminated.intro')} />
      <TextField control={control} name="eliminated.products" label={t('eliminated.products')} multiline rows={2} maxLength={1000} placeholder={t('eliminated.productsPlaceholder')} testId="eliminated-products" />
      {!disabled && text.trim() !== '' && (
        <Card size="small" type="inner" title={t('eliminated.suggestions')} style={{ marginBottom: 16 }} data-testid="eliminated-suggestions">
          {suggestions.length === 0 && <Typography.Text type="secondary">{t('eliminated.noSuggestion')}</Typography.Text>}
          {suggestions.map((entry) => (
            <div key={entry.code} style={{ marginBottom: 8 }} data-testid={`suggestion-${entry.code}`}>
              <Space wrap>
                <StatusTag status={entry.status} />
                <Typography.Text strong>{entry.name}</Typography.Text>
                <Button size="small" onClick={() => confirm(entry, 'makes')} data-testid={`confirm-makes-${entry.code}`}>{t('eliminated.confirmMakes')}</Button>
                <Button size="small" onClick={() => confirm(entry, 'uses')} data-testid={`confirm-uses-${entry.code}`}>{t('eliminated.confirmUses')}</Button>
              </Space>
              <SourceLine entry={entry} />
            </div>
          ))}
        </Card>
      )}
      {!disabled && (
        <Space style={{ marginBottom: 16 }}>
          <span>{t('eliminated.addFromList')}</span>
          <Select
            showSearch
            value={null}
            placeholder={t('eliminated.addFromListPlaceholder')}
            optionFilterProp="label"
            style={{ width: 360 }}
            data-testid="eliminated-add"
            aria-label={t('eliminated.addFromList')}
            onChange={(code: string) => {
              const entry = byCode.get(code);
              if (entry) confirm(entry, 'uses');
            }}
            options={list.filter((e) => !confirmed.has(e.code)).map((e) => ({ value: e.code, label: `${e.name}（${t(e.status === 'eliminated' ? 'eliminated.statusEliminated' : 'eliminated.statusRestricted')}）` }))}
          />
        </Space>
      )}
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>{t('eliminated.findings')}</Typography.Text>
      {findings.fields.length === 0 && <Typography.Paragraph type="secondary">{t('eliminated.noFindings')}</Typography.Paragraph>}
      {findings.fields.map((item, i) => {
        const f = current[i];
        if (!f) return null;
        const entry = byCode.get(f.code);
        const missing = fieldError(errors, i);
        return (
          <Card key={item.id} size="small" style={{ marginBottom: 12 }} data-testid={`finding-${i}`}
            title={<Space><StatusTag status={f.status} />{f.name}</Space>}
            extra={!disabled && <Button type="text" danger onClick={() => remove(i)} title={t('eliminated.removeHint')}>{t('form.remove')}</Button>}>
            {entry && <SourceLine entry={entry} />}
            <Space wrap align="start" style={{ marginTop: 8 }}>
              <SelectField control={control} name={`eliminated.findings.${i}.use`} label={t('eliminated.use')} required width={160}
                options={ELIMINATED_USES.map((u) => ({ value: u, label: t(u === 'makes' ? 'eliminated.useMakes' : 'eliminated.useUses') }))} />
              <TextField control={control} name={`eliminated.findings.${i}.note`} label={t('eliminated.note')} maxLength={500} testId={`finding-${i}-note`} />
            </Space>
            {f.status === 'eliminated' && !missing && <Alert type="warning" showIcon message={t('eliminated.raisedProblem')} />}
            {f.status === 'restricted' && <Alert type="info" showIcon message={t('eliminated.restrictedHint')} />}
            {missing && <Alert type="error" showIcon message={t(missing)} data-testid={`finding-${i}-error`} />}
          </Card>
        );
      })}
    </>
  );
}

function StatusTag({ status }: { status: EliminatedEntry['status'] }) {
  const { t } = useTranslation();
  return status === 'eliminated' ? <Tag color="red">{t('eliminated.statusEliminated')}</Tag> : <Tag color="orange">{t('eliminated.statusRestricted')}</Tag>;
}

function SourceLine({ entry }: { entry: EliminatedEntry }) {
  const { t } = useTranslation();
  return <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>{t('eliminated.source', { source: entry.source, date: entry.sourceDate, section: entry.section })}</Typography.Text>;
}

/** The error of a finding's problem link, as an i18n key. */
function fieldError(errors: FieldErrors<AnswerValues>, i: number): string | undefined {
  const findings = (errors.eliminated as { findings?: Record<number, { problemId?: { message?: string } }> } | undefined)?.findings;
  return findings?.[i]?.problemId?.message;
}
