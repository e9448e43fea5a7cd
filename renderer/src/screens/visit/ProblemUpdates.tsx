import { Alert, Card, Checkbox, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useFieldArray, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PROBLEM_STATUSES, type ProblemRecord } from '../../../../shared/domain/problem';
import { call } from '../../api';
import { SelectField, TextField } from '../../components/fields';
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
  const [problems, setProblems] = useState<ProblemRecord[]>([]);
  useEffect(() => {
    void call('problems.list', { firmId, limit: 200 }).then((r) => setProblems(r.items));
  }, [firmId]);
  const chosen = updates.fields as unknown as { id: string; problemId: string }[];
  const chosenValues = (useWatch({ control, name }) as Record<string, unknown>[] | undefined) ?? [];
  const candidates = problems.filter((p) => p.status !== 'resolved' || chosen.some((c) => c.problemId === p.id));

  return (
    <>
      {candidates.length === 0 && <Alert type="info" showIcon message={t('survey.noOpenProblems')} style={{ marginTop: 8 }} />}
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
              {p.dueDate && <Typography.Text type={p.overdue ? 'danger' : 'secondary'}>{p.dueDate}</Typography.Text>}
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
