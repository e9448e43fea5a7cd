import type { Firm } from '../../../shared/domain/firm';
import type { ServiceContext } from '../context';
import { writeFirmHere } from './firm-writes';

interface CertifiedAnswer {
  product?: string;
  starLevel?: number;
  certificateNo?: string;
  validUntil?: string;
}

const sameCertificate = (a: { product: string; certificateNo: string }, b: { product: string; certificateNo: string }) => a.product === b.product && a.certificateNo.trim().toUpperCase() === b.certificateNo.trim().toUpperCase();

/**
 * A diagnosis's certified green products (section 4) become the firm's certificates (issue 26):
 * each one with its number and last valid day is added, or updates the firm's certificate of the
 * same product and number, with the visit as its source; the firm's other certificates stay
 * (removing one is the firm form's work). The change is queued for the register like any firm
 * edit, so the register merges it. Entries without a number or a date are the survey's alone.
 * Call inside the completion transaction. Returns how many certificates changed.
 */
export function certificatesFromDiagnosis(ctx: Pick<ServiceContext, 'db' | 'now'>, firm: Firm, visitId: string, certified: readonly CertifiedAnswer[], now: string): number {
  const recorded = certified.flatMap((c) =>
    c.product && c.starLevel && c.certificateNo?.trim() && c.validUntil ? [{ product: c.product, starLevel: c.starLevel, certificateNo: c.certificateNo.trim(), validUntil: c.validUntil, sourceVisitId: visitId }] : [],
  );
  let changes = 0;
  const merged = firm.certifications.map(({ product, starLevel, certificateNo, validUntil, sourceVisitId }) => ({ product, starLevel, certificateNo, validUntil, sourceVisitId: sourceVisitId ?? null }));
  for (const cert of recorded) {
    const at = merged.findIndex((c) => sameCertificate(c, cert));
    if (at < 0) {
      merged.push(cert);
      changes++;
    } else if (merged[at]!.starLevel !== cert.starLevel || merged[at]!.validUntil !== cert.validUntil) {
      merged[at] = cert;
      changes++;
    }
  }
  if (changes === 0) return 0;
  writeFirmHere(ctx, firm.id, firm, { creditCode: firm.creditCode, countyCode: firm.countyCode as never, name: firm.name, address: firm.address, chainSegment: firm.chainSegment, categories: firm.categories, contacts: firm.contacts, certifications: merged }, now);
  return changes;
}
