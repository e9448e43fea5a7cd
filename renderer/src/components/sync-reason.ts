import type { TFunction } from 'i18next';

/**
 * The reason a visit needs attention, as the officer reads it. The store keeps the
 * server's words ("rejected: firm.countyCode: validation.outOfScope; …", "conflict: …");
 * here each becomes a catalogue sentence, never the raw text.
 */
export function syncReasonText(reason: string | null | undefined, t: TFunction, exists: (key: string) => boolean): string {
  if (!reason) return t('form.reasonInvalid');
  if (reason.startsWith('conflict')) return t('form.reasonConflict');
  if (reason.startsWith('the server failed')) return t('form.reasonServerFailed');
  const keys = reason
    .replace(/^rejected:\s*/, '')
    .split(';')
    .map((part) => part.split(':').pop()?.trim() ?? '')
    .filter((key) => key.startsWith('validation.') && exists(key));
  return keys.length ? [...new Set(keys)].map((key) => t(key)).join('；') : t('form.reasonInvalid');
}
