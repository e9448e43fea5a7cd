import { Card, Space } from 'antd';
import { useFieldArray, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PROBLEM_CATEGORIES, URGENCIES } from '../../../../shared/domain/problem';
import { uuidv7 } from '../../../../shared/domain/uuidv7';
import { DateField, SelectField, TextField } from '../../components/fields';
import { groupedOptions, useReference } from '../../stores/reference';
import { AddButton, RemoveButton } from './ListButtons';
import type { AnswerValues } from './values';

/** The problems a visit raises — a diagnosis's section 6, or a patrol's — one card each. */
export function RaisedProblemsFields({ control, disabled }: { control: Control<AnswerValues>; disabled: boolean }) {
  const { t } = useTranslation();
  const departments = groupedOptions(useReference('department'));
  const problems = useFieldArray({ control, name: 'problems' as never });
  return (
    <>
      {problems.fields.map((item, i) => (
        <Card key={item.id} size="small" type="inner" title={`${t('form.problem')} ${i + 1}`} style={{ marginBottom: 16 }} extra={<RemoveButton disabled={disabled} onClick={() => problems.remove(i)} />}>
          <Space size={24} wrap>
            <SelectField control={control} name={`problems.${i}.category`} label={t('form.problemCategory')} required testId={`problem-${i}-category`} options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problemCategory.${c}`) }))} width={200} />
            <SelectField control={control} name={`problems.${i}.urgency`} label={t('survey.urgency')} required options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))} width={120} />
            <SelectField control={control} name={`problems.${i}.department`} label={t('survey.department')} options={departments} allowClear width={240} testId={`problem-${i}-department`} />
            <DateField control={control} name={`problems.${i}.handedOn`} label={t('demands.handedOn')} extra={t('demands.handedOnHint')} testId={`problem-${i}-handed`} />
          </Space>
          <TextField control={control} name={`problems.${i}.description`} label={t('form.problemDescription')} required multiline maxLength={2000} placeholder={t('form.problemDescriptionPlaceholder')} testId={`problem-${i}-description`} />
          <TextField control={control} name={`problems.${i}.helpRequested`} label={t('survey.problemHelp')} multiline rows={2} maxLength={1000} testId={`problem-${i}-help`} />
        </Card>
      ))}
      <AddButton disabled={disabled} label={t('survey.addProblem')} testId="add-problem" onClick={() => problems.append({ id: uuidv7(), urgency: 'normal', description: '' } as never)} />
    </>
  );
}
