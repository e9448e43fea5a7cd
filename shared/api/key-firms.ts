import { z } from 'zod';
import { KEY_TIERS, ZJTX_LEVELS } from '../domain/firm';

/** A change of the bureau's facts about a firm: its key-firm tier or its 专精特新 level. */
export const TierField = z.enum(['keyTier', 'zjtxLevel']);
export type TierField = z.infer<typeof TierField>;

export const TierChangeRequest = z
  .strictObject({ field: TierField, to: z.string(), reason: z.string().trim().min(2).max(500) })
  .refine((r) => (r.field === 'keyTier' ? (KEY_TIERS as readonly string[]) : (ZJTX_LEVELS as readonly string[])).includes(r.to), { path: ['to'], message: 'validation.notAllowed' });
export type TierChangeRequest = z.infer<typeof TierChangeRequest>;

export const TierChange = z.object({
  id: z.string(),
  firmId: z.string(),
  firmName: z.string(),
  field: TierField,
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  status: z.enum(['proposed', 'applied', 'declined']),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** Why it was declined (required then); absent from servers before decline reasons. */
  decisionNote: z.string().nullable().optional(),
});
export type TierChange = z.infer<typeof TierChange>;

/** A decision on a tier request: a decline says why, so the officer who asked can read it. */
export const TierDecision = z
  .strictObject({ accept: z.boolean(), note: z.string().trim().max(200).optional() })
  .refine((d) => d.accept || (d.note !== undefined && d.note.length >= 2), { path: ['note'], message: 'validation.declineReason' });

/** What waits for a supervisor or administrator: proposed firms, conflicts, tier requests. */
export const ReviewBody = z.object({
  protocol: z.literal(1),
  proposed: z.array(z.object({ id: z.string(), county_code: z.string(), data: z.record(z.string(), z.unknown()), proposed_by: z.string().nullable() })),
  conflicts: z.array(z.object({ id: z.string(), firm_id: z.string(), firm_name: z.string().nullable(), field: z.string(), register_value: z.unknown(), proposed_value: z.unknown(), created_at: z.string() })),
  tierRequests: z.array(TierChange),
});
export type ReviewBody = z.infer<typeof ReviewBody>;

/** The key-firm list as of a day, and its changes over a period (entering, leaving, moving). */
export const KeyFirmList = z.object({
  asOf: z.string(),
  firms: z.array(z.object({ id: z.string(), name: z.string(), creditCode: z.string(), countyCode: z.string(), tier: z.string() })),
  changes: z.array(z.object({ firmId: z.string(), firmName: z.string(), from: z.string(), to: z.string(), reason: z.string(), decidedAt: z.string(), kind: z.enum(['entered', 'left', 'moved']) })),
});
export type KeyFirmList = z.infer<typeof KeyFirmList>;
export const KeyFirmQuery = z
  .strictObject({ asOf: z.iso.date(), from: z.iso.date(), to: z.iso.date() })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'validation.dateOrder' });
