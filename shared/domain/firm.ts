import { z } from 'zod';
import { isChinesePhone } from './phone';
import { checkCreditCode } from './credit-code';
import { COUNTY_CODES } from './divisions';
import { IsoDate, isRealDate } from './answers/fields';

export const CHAIN_SEGMENTS = ['upstream', 'midstream', 'downstream'] as const;
export const KEY_TIERS = ['none', 'cultivated', 'key'] as const;
export type KeyTier = (typeof KEY_TIERS)[number];
export const ZJTX_LEVELS = ['none', 'innovative', 'provincial', 'little_giant'] as const;

export const FirmId = z.string().min(1).max(64);
export const REGISTER_STATES = ['local', 'proposed', 'registered', 'conflict'] as const;

export const FirmSummary = z.object({
  id: FirmId,
  creditCode: z.string(),
  name: z.string(),
  countyCode: z.enum(COUNTY_CODES),
  address: z.string(),
  chainSegment: z.enum(CHAIN_SEGMENTS),
  categories: z.array(z.string()),
  keyTier: z.enum(KEY_TIERS),
  zjtxLevel: z.enum(ZJTX_LEVELS),
  lastVisitAt: z.string().nullable(),
  openProblems: z.number().int(),
  /** Where the firm stands with the register: created here and not yet sent, waiting for a supervisor, registered, or an edit in conflict. */
  registerState: z.enum(REGISTER_STATES).optional(),
});
export type FirmSummary = z.infer<typeof FirmSummary>;

export const Contact = z.strictObject({
  name: z.string().trim().min(1).max(50),
  role: z.string().max(50),
  /** Empty, or a Chinese mobile, landline or 400/800 number (shared/domain/phone.ts). */
  phone: z
    .string()
    .trim()
    .max(30)
    .refine((p) => p === '' || isChinesePhone(p), { message: 'validation.phone' }),
});

export const Certification = z.object({
  id: z.string(),
  product: z.string(),
  starLevel: z.number().int().min(1).max(3),
  certificateNo: z.string(),
  validUntil: z.string(),
  expired: z.boolean(),
  /** The diagnosis that recorded it, when one did (null: typed on the firm form or from the register's list). */
  sourceVisitId: z.string().nullable().optional(),
});
export type Certification = z.infer<typeof Certification>;

export const Firm = FirmSummary.extend({
  contacts: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string() })),
  certifications: z.array(Certification),
 creditCheck: z.enum(['valid', 'confirmed']),
  updatedAt: z.string(),
  /** A firm created on this laptop was merged into this register firm. */
  mergedFrom: z.boolean().optional(),
});
export type Firm = z.infer<typeof Firm>;

export const CertificationInput = z.strictObject({
  product: z.string().trim().min(1).max(60),
  starLevel: z.number().int().min(1).max(3),
  certificateNo: z.string().trim().min(1).max(60),
  validUntil: IsoDate.refine(isRealDate, 'validation.badDate'),
  /** Kept from the diagnosis that recorded it (the firm form sends it back unchanged). */
  sourceVisitId: z.uuid().optional(),
});

/**
 * What the firm form sends. A malformed credit code is refused; one whose check
 * characters fail (some legal pilot-region codes do) needs `confirmCheckFailure`.
 */
export const FirmInput = z
  .strictObject({
    id: FirmId.optional(),
    creditCode: z.string().trim().toUpperCase(),
    confirmCheckFailure: z.boolean().optional(),
    name: z.string().trim().min(2).max(100),
    countyCode: z.enum(COUNTY_CODES),
    address: z.string().trim().max(200),
    chainSegment: z.enum(CHAIN_SEGMENTS),
    categories: z.array(z.string().trim().min(1).max(60)).max(20),
    keyTier: z.enum(KEY_TIERS),
    zjtxLevel: z.enum(ZJTX_LEVELS),
    contacts: z.array(Contact).max(20),
    certifications: z.array(CertificationInput).max(60),
  })
  .superRefine((f, ctx) => {
    const check = checkCreditCode(f.creditCode);
    if (check.kind === 'malformed') ctx.addIssue({ code: 'custom', path: ['creditCode'], message: 'validation.creditMalformed' });
    if (check.kind === 'checkFailed' && !f.confirmCheckFailure) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: 'validation.creditCheckFailed' });
  });
export type FirmInput = z.input<typeof FirmInput>;

export const FirmFilter = z.strictObject({
  query: z.string().max(100).optional(),
  countyCode: z.enum(COUNTY_CODES).optional(),
  category: z.string().max(60).optional(),
  keyTier: z.enum(KEY_TIERS).optional(),
  zjtxLevel: z.enum(ZJTX_LEVELS).optional(),
  notVisitedDays: z.number().int().min(1).max(3650).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  offset: z.number().int().min(0).max(1_000_000).optional(),
});
export type FirmFilter = z.infer<typeof FirmFilter>;
