import { daysBetween, DEFAULT_CERTIFICATE_WARNING_DAYS, type ExpiringCertificates } from '../../shared/domain/certificates';
import type { Db } from '../open';
import { shiftDate } from './firm-index';
import { getSetting, setSetting } from './settings';

const WARNING_DAYS_KEY = 'certificates.warningDays';

export function certificateWarningDays(db: Db): number {
  return Number(getSetting(db, WARNING_DAYS_KEY) ?? DEFAULT_CERTIFICATE_WARNING_DAYS);
}

export function setCertificateWarningDays(db: Db, days: number): void {
  setSetting(db, WARNING_DAYS_KEY, String(days));
}

/**
 * The laptop's firms' certificates that expire within the warning window from `today`, or
 * expired less than a window ago (the rule in shared/domain/certificates.ts); soonest first.
 */
export function expiringCertificates(db: Db, today: string): ExpiringCertificates {
  const withinDays = certificateWarningDays(db);
  const rows = db
    .prepare(
      `SELECT f.id AS firmId, f.name AS firmName, f.county_code AS countyCode, c.product, c.star_level AS starLevel,
         c.certificate_no AS certificateNo, c.valid_until AS validUntil
       FROM firm_certifications c JOIN firms f ON f.id = c.firm_id
       WHERE c.valid_until BETWEEN @since AND @until
       ORDER BY c.valid_until, f.name, c.product`,
    )
    .all({ since: shiftDate(today, -withinDays), until: shiftDate(today, withinDays) }) as Omit<ExpiringCertificates['items'][number], 'daysLeft'>[];
  return { withinDays, items: rows.map((r) => ({ ...r, daysLeft: daysBetween(today, r.validUntil) })) };
}
