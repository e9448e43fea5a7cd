import { daysBetween, DEFAULT_CERTIFICATE_WARNING_DAYS, type ExpiringCertificates, type FirmCertificate } from '../../shared/domain/certificates';
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
  const rows = certificatesValidUntil(db, shiftDate(today, -withinDays), shiftDate(today, withinDays), null);
  return { withinDays, items: rows.map((r) => ({ ...r, daysLeft: daysBetween(today, r.validUntil) })) };
}

/** Certificates whose last valid day falls in [since, until], of one county's firms or all (null); soonest first. */
export function certificatesValidUntil(db: Db, since: string, until: string, countyCode: string | null): FirmCertificate[] {
  return db
    .prepare(
      `SELECT f.id AS firmId, f.name AS firmName, f.county_code AS countyCode, c.product, c.star_level AS starLevel,
         c.certificate_no AS certificateNo, c.valid_until AS validUntil
       FROM firm_certifications c JOIN firms f ON f.id = c.firm_id
       WHERE c.valid_until BETWEEN @since AND @until AND (@countyCode IS NULL OR f.county_code = @countyCode)
       ORDER BY c.valid_until, f.name, c.product`,
    )
    .all({ since, until, countyCode }) as FirmCertificate[];
}
