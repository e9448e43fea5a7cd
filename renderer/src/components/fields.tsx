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

function useField<T extends FieldValues>({ control, name }: Base<T>) {
  const { t } = useTranslation();
  const { field, fieldState } = useController({ control, name });
  const message = fieldState.error?.message;
  const status = message ? { validateStatus: 'error' as const, help: t(message) } : {};
  return { field, status };
}

const idOf = (name: string, testId?: string) => testId ?? name.replace(/\./g, '-');

export function TextField<T extends FieldValues>(props: Base<T> & { multiline?: boolean; rows?: number; maxLength?: number; placeholder?: string; normalize?: (text: string) => string }) {
  const { field, status } = useField(props);
  const id = idOf(props.name, props.testId);
  const { normalize } = props;
  const onChange = normalize ? (e: { target: { value: string } }) => field.onChange(normalize(e.target.value)) : field.onChange;
  const common = { id, 'data-testid': id, placeholder: props.placeholder, maxLength: props.maxLength, disabled: props.disabled, value: (field.value as string | undefined) ?? '', onChange, onBlur: field.onBlur, ref: field.ref };
  return (
    <Form.Item label={props.label} required={props.required} htmlFor={id} extra={props.extra} {...status}>
      {props.multiline ? <Input.TextArea {...common} rows={props.rows ?? 3} showCount={!!props.maxLength} /> : <Input {...common} />}
    </Form.Item>
  );
}

export function NumberField<T extends FieldValues>(props: Base<T> & { unit?: string; min?: number; max?: number; precision?: number; width?: number }) {
  const { field, status } = useField(props);
  const id = idOf(props.name, props.testId);
  return (
    <Form.Item label={props.label} required={props.required} htmlFor={id} extra={props.extra} {...status}>
      <InputNumber
        id={id}
        data-testid={id}
        value={(field.value as number | null | undefined) ?? null}
        onChange={(v) => field.onChange(v ?? null)}
        onBlur={field.onBlur}
        min={props.min}
        max={props.max}
        precision={props.precision}
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
