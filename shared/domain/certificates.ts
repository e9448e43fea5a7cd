import { z } from 'zod';
import { IsoDate } from './answers/fields';

/**
 * Green-product certificates about to expire. A certificate counts as certified up to and
 * including its `validUntil` day and no longer after it (the certification rule in
 * shared/domain/summary.ts). It is "expiring" when it is still valid and `validUntil` falls
 * within the warning window (90 days unless the officer chose another), and "expired"
 * when `validUntil` passed less than a window ago — recent enough to be worth a call.
 */
export { CERTIFICATE_WARNING_DAYS, DEFAULT_CERTIFICATE_WARNING_DAYS } from './certificate-window';

/** A firm's certificate with the firm's name and county: what the home screen and the summary list. */
export const FirmCertificate = z.object({
  firmId: z.string(),
  firmName: z.string(),
  countyCode: z.string(),
  product: z.string(),
  starLevel: z.number().int(),
  certificateNo: z.string(),
  validUntil: IsoDate,
});
export type FirmCertificate = z.infer<typeof FirmCertificate>;

export const ExpiringCertificate = FirmCertificate.extend({
  /** Whole days from today to validUntil: negative once expired. */
  daysLeft: z.number().int(),
});
export type ExpiringCertificate = z.infer<typeof ExpiringCertificate>;

export const ExpiringCertificates = z.object({
  withinDays: z.number().int(),
  items: z.array(ExpiringCertificate),
});
export type ExpiringCertificates = z.infer<typeof ExpiringCertificates>;

const DAY_MS = 86_400_000;

/** Whole days from `today` to `date` (both YYYY-MM-DD). */
export function daysBetween(today: string, date: string): number {
  return Math.round((Date.parse(date) - Date.parse(today)) / DAY_MS);
}
