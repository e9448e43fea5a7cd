import { AutoComplete, Form } from 'antd';
import { useMemo } from 'react';
import { useController, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { bankKey, bankMatcher } from '../../../../shared/domain/banks';
import { useReference } from '../../stores/reference';
import type { AnswerValues } from './values';

/**
 * The bank of a financing step: chosen from the bureau's list (searched by its names and the
 * short names people write; at an event, the banks taking part come first), or typed. What is
 * typed is matched as the main process will count it: the field says which bank it counts as,
 * or that the list does not know it (it is then kept as typed, for the bureau to map).
 */
export function BankField({ control, name, testId, disabled }: { control: Control<AnswerValues>; name: string; testId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const banks = useReference('bank');
  const organisations = useWatch({ control, name: 'organisations' }) as { type?: string; name?: string }[] | undefined;
  const { field, fieldState } = useController({ control, name });
  const matcher = useMemo(() => bankMatcher(banks.map((b) => ({ name: b.name, aliases: b.aliases ?? [] }))), [banks]);
  const value = typeof field.value === 'string' ? field.value : '';
  const atEvent = (organisations ?? []).flatMap((o) => (o.type === 'bank' && o.name?.trim() ? [o.name.trim()] : []));
  const options = useMemo(() => {
    const typed = bankKey(value);
    const listed = banks.filter((b) => !typed || [b.name, ...(b.aliases ?? [])].some((n) => bankKey(n).includes(typed)));
    const fromEvent = atEvent.map((n) => matcher.canonical(n) ?? n).filter((n, i, all) => all.indexOf(n) === i);
    return [
      ...(fromEvent.length ? [{ label: t('financing.banksAtEvent'), options: fromEvent.map((n) => ({ value: n, label: n })) }] : []),
      { label: t('financing.bankList'), options: listed.filter((b) => !fromEvent.includes(b.name)).slice(0, 30).map((b) => ({ value: b.name, label: b.name })) },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [banks, value, atEvent.join('|'), matcher, t]);
  const canonical = value.trim() ? matcher.canonical(value) : null;
  const hint = !value.trim() || banks.length === 0 ? null : canonical === null ? t('financing.bankUnknown') : canonical !== value.trim() ? t('financing.bankCountsAs', { name: canonical }) : null;
  const error = fieldState.error?.message ? t(fieldState.error.message) : null;
  return (
    <Form.Item label={t('financing.bank')} required htmlFor={testId} {...(error ? { validateStatus: 'error' as const, help: error } : hint ? { help: hint } : {})}>
      <AutoComplete
        id={testId}
        data-testid={testId}
        value={value}
        onChange={(v: string) => field.onChange(v)}
        onBlur={field.onBlur}
        options={options}
        disabled={disabled}
        placeholder={t('financing.bankPlaceholder')}
        style={{ width: 240 }}
        maxLength={60}
      />
    </Form.Item>
  );
}
