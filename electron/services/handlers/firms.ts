import { AppError } from '../../../shared/api/errors';
import { EDITABLE_FIRM_FIELDS, type FirmValues } from '../../../shared/api/firm-sync';
import { canonicalJson } from '../../../shared/domain/canonical';
import type { Firm, FirmInput } from '../../../shared/domain/firm';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { localToday } from '../../../shared/domain/visit';
import { enqueueFirmChange, pendingCreationOf, rewriteUnsentCreation } from '../../../db/repositories/firm-outbox';
import { firmAlias, firmIdByCreditCode, getFirm, registerVersionOf, searchFirms, upsertFirm } from '../../../db/repositories/firms';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';

/** The fields the register takes from a laptop, as the firm form holds them. */
function editableValues(firm: Pick<Firm, EditableKeys> | (FirmInput & { certifications: { product: string; starLevel: number; certificateNo: string; validUntil: string }[] })): FirmValues {
  return {
    name: firm.name,
    address: firm.address,
    chainSegment: firm.chainSegment,
    categories: firm.categories,
    contacts: firm.contacts.map((c) => ({ name: c.name, role: c.role, phone: c.phone })),
    certifications: firm.certifications.map((c) => ({ product: c.product, starLevel: c.starLevel, certificateNo: c.certificateNo, validUntil: c.validUntil })),
  };
}
type EditableKeys = 'name' | 'address' | 'chainSegment' | 'categories' | 'contacts' | 'certifications';

export function firmHandlers(ctx: ServiceContext): Pick<Handlers, 'firms.search' | 'firms.get' | 'firms.save'> {
  const today = () => localToday(ctx.now());
  const load = (id: string) => {
    // A firm id this laptop made may since have been merged into a register firm.
    const merged = firmAlias(ctx.db, id);
    const firm = getFirm(ctx.db, id, today()) ?? (merged ? getFirm(ctx.db, merged, today()) : null);
    if (!firm) throw new AppError('NOT_FOUND', 'No firm with this id.');
    return firm;
  };
  return {
    'firms.search': (filter) => searchFirms(ctx.db, filter, today()),
    'firms.get': ({ id }) => load(id),
    /**
     * Saves the firm here and queues the change for the register in the same
     * transaction: a new firm with its identity, an edit with only the fields that
     * changed, what they held before, and the register version they were based on.
     * Key-firm tier and 专精特新 level are the bureau's: kept as the register says.
     */
    'firms.save': (input) => {
      const id = input.id ?? `firm-${uuidv7(ctx.now().getTime())}`;
      const now = ctx.now().toISOString();
      ctx.db
        .transaction(() => {
          const before = input.id ? getFirm(ctx.db, input.id, today()) : null;
          if (input.id && !before) throw new AppError('NOT_FOUND', 'No firm with this id.');
          const holder = firmIdByCreditCode(ctx.db, input.creditCode);
          if (holder && holder !== id) throw new AppError('VALIDATION', 'Another firm has this credit code.', { creditCode: 'validation.creditDuplicate' });
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
        })
        .immediate();
      ctx.kickSync();
      return load(id);
    },
  };
}
