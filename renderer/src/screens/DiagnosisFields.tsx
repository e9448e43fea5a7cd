import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { Controller, useFieldArray, type Control, type FieldErrors } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../../shared/domain/visit';

export interface DiagnosisFormValues {
  visitDate: string;
  peopleMet: string;
  problems: { category?: ProblemCategory; description: string }[];
  conclusion: string;
}

interface Props {
  control: Control<DiagnosisFormValues>;
  errors: FieldErrors<DiagnosisFormValues>;
  disabled: boolean;
}

/** The minimal diagnosis survey: date, people met, problems (repeatable), conclusion. */
export function DiagnosisFields({ control, errors, disabled }: Props) {
  const { t } = useTranslation();
  const problems = useFieldArray({ control, name: 'problems' });
  const err = (message: string | undefined) => (message ? { validateStatus: 'error' as const, help: t(message) } : {});

  return (
    <Form layout="vertical" component="div" disabled={disabled}>
      <Space size={24} align="start" wrap>
        <Form.Item label={t('form.visitDate')} required htmlFor="visitDate" {...err(errors.visitDate?.message)}>
          <Controller
            control={control}
            name="visitDate"
            render={({ field }) => (
              <DatePicker
                id="visitDate"
                data-testid="visit-date"
                value={field.value ? dayjs(field.value) : null}
                onChange={(d) => field.onChange(d ? d.format('YYYY-MM-DD') : '')}
                onBlur={field.onBlur}
                style={{ width: 200 }}
                allowClear={false}
              />
            )}
          />
        </Form.Item>
        <Form.Item label={t('form.peopleMet')} required htmlFor="peopleMet" style={{ minWidth: 420 }} {...err(errors.peopleMet?.message)}>
          <Controller control={control} name="peopleMet" render={({ field }) => <Input id="peopleMet" data-testid="people-met" placeholder={t('form.peopleMetPlaceholder')} {...field} />} />
        </Form.Item>
      </Space>

      {problems.fields.map((item, index) => (
        <Card
          key={item.id}
          size="small"
          type="inner"
          title={`${t('form.problem')} ${index + 1}`}
          style={{ marginBottom: 16 }}
          extra={
            problems.fields.length > 1 && !disabled ? (
              <Button type="text" danger icon={<DeleteOutlined />} aria-label="remove problem" onClick={() => problems.remove(index)} />
            ) : null
          }
        >
          <Form.Item label={t('form.problemCategory')} required htmlFor={`problem-${index}-category`} {...err(errors.problems?.[index]?.category?.message)}>
            <Controller
              control={control}
              name={`problems.${index}.category`}
              render={({ field }) => (
                <Select
                  id={`problem-${index}-category`}
                  data-testid={`problem-${index}-category`}
                  style={{ width: 240 }}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  showSearch
                  optionFilterProp="label"
                  options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problemCategory.${c}`) }))}
                />
              )}
            />
          </Form.Item>
          <Form.Item label={t('form.problemDescription')} required htmlFor={`problem-${index}-description`} {...err(errors.problems?.[index]?.description?.message)}>
            <Controller
              control={control}
              name={`problems.${index}.description`}
              render={({ field }) => (
                <Input.TextArea id={`problem-${index}-description`} data-testid={`problem-${index}-description`} rows={3} maxLength={2000} showCount placeholder={t('form.problemDescriptionPlaceholder')} {...field} />
              )}
            />
          </Form.Item>
        </Card>
      ))}
      {!disabled && (
        <Button icon={<PlusOutlined />} onClick={() => problems.append({ description: '' })} style={{ marginBottom: 24 }} data-testid="add-problem">
          {t('form.problem')}
        </Button>
      )}
      {errors.problems?.message && <div style={{ color: '#ff4d4f', marginBottom: 16 }}>{t(errors.problems.message)}</div>}

      <Form.Item label={t('form.conclusion')} required htmlFor="conclusion" {...err(errors.conclusion?.message)}>
        <Controller control={control} name="conclusion" render={({ field }) => <Input.TextArea id="conclusion" data-testid="conclusion" rows={4} maxLength={5000} showCount placeholder={t('form.conclusionPlaceholder')} {...field} />} />
      </Form.Item>
    </Form>
  );
}
