import { Divider, Form, Typography } from 'antd';
import type { Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DateField, SwitchField, TextField } from '../../components/fields';
import type { AnswerValues } from './values';
import { RaisedProblemsFields } from './RaisedProblemsFields';

/** Patrol (巡链): date, who was met, what was seen, the problems found (as a diagnosis records them), whether a follow-up is needed. */
export function PatrolFields({ control, disabled }: { control: Control<AnswerValues>; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" component="div" disabled={disabled} style={{ maxWidth: 860 }}>
      <DateField control={control} name="visitDate" label={t('form.visitDate')} required testId="visit-date" />
      <TextField control={control} name="peopleMet" label={t('survey.peopleMet')} required maxLength={500} placeholder={t('form.peopleMetPlaceholder')} testId="people-met" />
      <TextField control={control} name="summary" label={t('survey.summary')} required multiline rows={5} maxLength={3000} testId="summary" />
      <Divider style={{ margin: '8px 0 16px' }} />
      <Typography.Text strong>{t('survey.patrolProblems')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('survey.patrolProblemsHint')}
      </Typography.Paragraph>
      <RaisedProblemsFields control={control} disabled={disabled} />
      <SwitchField control={control} name="followUpNeeded" label={t('survey.followUpNeeded')} testId="follow-up-needed" />
      <TextField control={control} name="conclusion" label={t('form.conclusion')} multiline rows={3} maxLength={3000} testId="conclusion" />
    </Form>
  );
}
