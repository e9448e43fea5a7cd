import { Form, Space, Typography } from 'antd';
import type { Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DateField, TextField } from '../../components/fields';
import { ProblemUpdates } from './ProblemUpdates';
import type { AnswerValues } from './values';

/**
 * Follow-up (一对一帮办): the firm's open problems, each of which the officer can take
 * up in this visit with a new status and a note of what was done.
 */
export function FollowupFields({ control, disabled, firmId, visitId }: { control: Control<AnswerValues>; disabled: boolean; firmId: string; visitId: string }) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" component="div" disabled={disabled} style={{ maxWidth: 980 }}>
      <Space size={24} wrap>
        <DateField control={control} name="visitDate" label={t('form.visitDate')} required testId="visit-date" />
        <div style={{ minWidth: 420 }}>
          <TextField control={control} name="peopleMet" label={t('survey.peopleMet')} required maxLength={500} placeholder={t('form.peopleMetPlaceholder')} testId="people-met" />
        </div>
      </Space>
      {/* A heading of its own line: an inline text sat beside the date and people fields. */}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('survey.pickProblems')}
      </Typography.Title>
      <ProblemUpdates control={control} disabled={disabled} firmId={firmId} visitId={visitId} name="updates" />
      <div style={{ marginTop: 16 }}>
        <TextField control={control} name="conclusion" label={t('form.conclusion')} multiline rows={3} maxLength={3000} testId="conclusion" />
      </div>
    </Form>
  );
}
