import { DatePicker, Form, Input, InputNumber, Select, Switch, type SelectProps } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';

/**
 * Form fields bound to react-hook-form, each showing its own translated error.
 * `testId` doubles as the input's id, so labels are clickable and tests can find
 * the field without depending on translated text.
 */
interface Base<T extends FieldValues> {
  control: Control<T>;
  name: Path<T>;
  label: ReactNode;
  required?: boolean;
  testId?: string;
  extra?: ReactNode;
  disabled?: boolean;
}

/**
 * The field's error: what its own limits say while the officer types (the limit named, nothing
 * changed behind their back), else the schema's message once validated.
 */
function useField<T extends FieldValues>({ control, name }: Base<T>, ownCheck?: (value: unknown) => string | null) {
  const { t } = useTranslation();
  const { field, fieldState } = useController({ control, name });
  const own = ownCheck?.(field.value) ?? null;
  const message = own ?? (fieldState.error?.message ? t(fieldState.error.message) : null);
  const status = message ? { validateStatus: 'error' as const, help: message } : {};
  return { field, status };
}

const idOf = (name: string, testId?: string) => testId ?? name.replace(/\./g, '-');

export function TextField<T extends FieldValues>(props: Base<T> & { multiline?: boolean; rows?: number; maxLength?: number; placeholder?: string; normalize?: (text: string) => string }) {
  const { t } = useTranslation();
  const { maxLength: max, normalize } = props;
  // A paste longer than the limit is kept and flagged with the limit, never cut silently.
  const { field, status } = useField(props, (value) => {
    const count = typeof value === 'string' ? [...value].length : 0;
    return max !== undefined && count > max ? t('validation.tooLongMax', { max, count }) : null;
  });
  const id = idOf(props.name, props.testId);
  const onChange = normalize ? (e: { target: { value: string } }) => field.onChange(normalize(e.target.value)) : field.onChange;
  const common = { id, 'data-testid': id, placeholder: props.placeholder, disabled: props.disabled, value: (field.value as string | undefined) ?? '', onChange, onBlur: field.onBlur, ref: field.ref };
  const count = max !== undefined ? { count: { show: !!props.multiline, max, strategy: (text: string) => [...text].length } } : {};
  return (
    <Form.Item label={props.label} required={props.required} htmlFor={id} extra={props.extra} {...status}>
      {props.multiline ? <Input.TextArea {...common} {...count} rows={props.rows ?? 3} /> : <Input {...common} {...count} />}
    </Form.Item>
  );
}

export function NumberField<T extends FieldValues>(props: Base<T> & { unit?: string; min?: number; max?: number; precision?: number; width?: number }) {
  const { t } = useTranslation();
  const { min, max, precision } = props;
  // What is typed stays what is typed (−5 is not turned into 0, 150 into 100, 3.5 into 4): the field says what is wrong.
  const { field, status } = useField(props, (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    if (min !== undefined && value < min) return t('validation.atLeast', { min });
    if (max !== undefined && value > max) return t('validation.atMost', { max });
    if (precision === 0 && !Number.isInteger(value)) return t('validation.wholeNumber');
    if (precision !== undefined && precision > 0 && Math.round(value * 10 ** precision) !== value * 10 ** precision) return t('validation.decimals', { count: precision });
    return null;
  });
  const id = idOf(props.name, props.testId);
  return (
    <Form.Item label={props.label} required={props.required} htmlFor={id} extra={props.extra} {...status}>
      <InputNumber
        id={id}
        data-testid={id}
        value={(field.value as number | null | undefined) ?? null}
        onChange={(v) => field.onChange(v ?? null)}
        onBlur={field.onBlur}
        disabled={props.disabled}
        suffix={props.unit}
        style={{ width: props.width ?? 200 }}
      />
    </Form.Item>
  );
}

export function DateField<T extends FieldValues>(props: Base<T>) {
  const { field, status } = useField(props);
  const id = idOf(props.name, props.testId);
  return (
    <Form.Item label={props.label} required={props.required} htmlFor={id} extra={props.extra} {...status}>
      <DatePicker
        id={id}
        data-testid={id}
        value={field.value ? dayjs(field.value as string) : null}
        onChange={(d) => field.onChange(d ? d.format('YYYY-MM-DD') : undefined)}
        onBlur={field.onBlur}
        disabled={props.disabled}
        style={{ width: 200 }}
      />
    </Form.Item>
  );
}

export function SelectField<T extends FieldValues>(props: Base<T> & { options: SelectProps['options']; width?: number; allowClear?: boolean; mode?: 'multiple' }) {
  const { field, status } = useField(props);
  const id = idOf(props.name, props.testId);
  return (
    <Form.Item label={props.label} required={props.required} htmlFor={id} extra={props.extra} {...status}>
      <Select
        id={id}
        data-testid={id}
        value={field.value as string | undefined}
        onChange={field.onChange}
        onBlur={field.onBlur}
        options={props.options}
        showSearch
        optionFilterProp="label"
        allowClear={props.allowClear}
        mode={props.mode}
        disabled={props.disabled}
        style={{ width: props.width ?? 240 }}
      />
    </Form.Item>
  );
}

export function SwitchField<T extends FieldValues>(props: Base<T>) {
  const { field, status } = useField(props);
  const id = idOf(props.name, props.testId);
  return (
    <Form.Item label={props.label} htmlFor={id} extra={props.extra} {...status}>
      <Switch id={id} data-testid={id} checked={!!field.value} onChange={field.onChange} disabled={props.disabled} />
    </Form.Item>
  );
}
