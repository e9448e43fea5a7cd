import { z } from 'zod';
import { COUNTY_CODES } from './divisions';
import { CHAIN_SEGMENTS, KEY_TIERS, ZJTX_LEVELS } from './firm';

/** 《企业手册》: the register's firms, by county and chain segment, one entry each. */
export const HandbookOptions = z.strictObject({
  countyCode: z.enum(COUNTY_CODES).optional(),
  /** Contacts are personal data: left out for a handbook that is published. */
  withContacts: z.boolean(),
  /** With contacts, their phone numbers in full (internal use, asked first, said on the cover); masked otherwise (issue 32). */
  fullPhones: z.boolean().optional(),
});
export type HandbookOptions = z.infer<typeof HandbookOptions>;

export const HandbookEntry = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  address: z.string(),
  categories: z.array(z.string()),
  keyTier: z.enum(KEY_TIERS),
  zjtxLevel: z.enum(ZJTX_LEVELS),
  certifications: z.array(z.object({ product: z.string(), starLevel: z.number().int(), certificateNo: z.string(), validUntil: z.string(), expired: z.boolean() })),
  contacts: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string() })),
  lastDiagnosis: z.string().nullable(),
  openProblems: z.number().int(),
});
export type HandbookEntry = z.infer<typeof HandbookEntry>;

export const Handbook = z.object({
  generatedAt: z.string(),
  options: HandbookOptions,
  total: z.number().int(),
  sections: z.array(z.object({ countyCode: z.string(), chainSegment: z.enum(CHAIN_SEGMENTS), entries: z.array(HandbookEntry) })),
});
export type Handbook = z.infer<typeof Handbook>;
