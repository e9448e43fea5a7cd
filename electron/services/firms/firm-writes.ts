import { AppError } from '../../../shared/api/errors';
import { EDITABLE_FIRM_FIELDS, type FirmValues } from '../../../shared/api/firm-sync';
import { canonicalJson } from '../../../shared/domain/canonical';
import type { Firm, FirmInput } from '../../../shared/domain/firm';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { enqueueFirmChange, pendingCreationOf, rewriteUnsentCreation } from '../../../db/repositories/firm-outbox';
import { registerVersionOf, upsertFirm } from '../../../db/repositories/firms';
import type { ServiceContext } from '../context';

type CertificateIn = { product: string; starLevel: number; certificateNo: string; validUntil: string; sourceVisitId?: string | null | undefined };
/** What a firm write carries: the form's fields (tier and level stay the register's). */
export type FirmWriteInput = Omit<FirmInput, 'id' | 'confirmCheckFailure' | 'certifications' | 'keyTier' | 'zjtxLevel'> & { certifications: CertificateIn[] };

/** The fields the register takes from a laptop, as the firm form holds them. */
export function editableValues(firm: Pick<Firm, 'name' | 'address' | 'chainSegment' | 'categories' | 'contacts'> & { certifications: readonly CertificateIn[] }): FirmValues {
  return {
    name: firm.name,
    address: firm.address,
    chainSegment: firm.chainSegment,
    categories: firm.categories,
    contacts: firm.contacts.map((c) => ({ name: c.name, role: c.role, phone: c.phone })),
    certifications: firm.certifications.map((c) => ({ product: c.product, starLevel: c.starLevel, certificateNo: c.certificateNo, validUntil: c.validUntil, ...(c.sourceVisitId ? { sourceVisitId: c.sourceVisitId } : {}) })),
  };
}

/**
 * Saves a firm here and queues the change for the register: a new firm with its identity,
 * an edit with only the fields that changed, what they held before, and the register
 * version they were based on. Call inside a transaction (the firm form's save, or a
 * diagnosis's completion that records certificates).
 */
export function writeFirmHere(ctx: Pick<ServiceContext, 'db' | 'now'>, id: string, before: Firm | null, input: FirmWriteInput, now: string): void {
  const local = !before || before.registerState === 'local';
  const creation = pendingCreationOf(ctx.db, id);
  // Once a new firm's proposal has left the laptop, its identity is what the register was told.
  const identityFixed = before && (!local || creation?.sentAt);
  if (identityFixed && (before.creditCode !== input.creditCode || before.countyCode !== input.countyCode)) {
    throw new AppError('VALIDATION', 'The credit code and county of a registered firm are the bureau’s record.', { creditCode: local ? 'validation.identitySent' : 'validation.identityLocked' });
  }
  const certifications = input.certifications.map((c) => ({ ...c, id: uuidv7(ctx.now().getTime()) }));
  upsertFirm(ctx.db, {
    ...input,
    id,
    keyTier: before?.keyTier ?? 'none',
    zjtxLevel: before?.zjtxLevel ?? 'none',
    certifications,
    updatedAt: now,
    ...(before ? {} : { registerState: 'local' as const }),
  });
  const values = editableValues({ ...input, certifications });
  const changeId = crypto.randomUUID();
  if (local && creation && !creation.sentAt) {
    // Not sent yet: the queued proposal simply carries the latest values.
    rewriteUnsentCreation(ctx.db, creation.id, { ...creation.change, creditCode: input.creditCode, countyCode: input.countyCode, values });
  } else if (!before || (local && !creation)) {
    enqueueFirmChange(ctx.db, { changeId, firmId: id, baseVersion: null, creditCode: input.creditCode, countyCode: input.countyCode, values, base: {} }, now);
  } else {
    // An edit: of a register firm, or of a new firm whose proposal may already be on the server.
    // It carries only what changed and what it replaced, so the server applies it after the proposal.
    const old = editableValues(before);
    const changed = EDITABLE_FIRM_FIELDS.filter((f) => canonicalJson(old[f]) !== canonicalJson(values[f]));
    if (changed.length) {
      const pick = (v: FirmValues) => Object.fromEntries(changed.map((f) => [f, v[f]])) as Partial<FirmValues>;
      enqueueFirmChange(ctx.db, { changeId, firmId: id, baseVersion: local ? null : registerVersionOf(ctx.db, id), values: pick(values), base: pick(old) }, now);
    }
  }
}
