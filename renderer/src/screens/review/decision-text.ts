import type { TFunction } from 'i18next';
import type { DecisionResult } from '../../../../shared/api/decisions';
import { formatDateTime } from '../../format';

/** Why the server did not apply a decision, in words (the reason key after the field). */
export function decisionReasonText(t: TFunction, result: DecisionResult | null): string {
  const key = (result?.reasons?.[0] ?? '').replace(/^[^:]*:\s*/, '');
  return t(`review.decisionReason.${key}`, { defaultValue: key || '—' });
}

/** The earlier decision a later one replaced, in words; null when it replaced none. */
export function replacedText(t: TFunction, result: DecisionResult | null): string | null {
  const replaced = result?.replaced;
  return replaced ? t('review.replaced', { by: replaced.by, at: formatDateTime(replaced.at) }) : null;
}
