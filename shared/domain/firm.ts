import { z } from 'zod';
import { COUNTY_CODES } from './divisions';

export const CHAIN_SEGMENTS = ['upstream', 'midstream', 'downstream'] as const;
export const KEY_TIERS = ['none', 'cultivated', 'key'] as const;
export const ZJTX_LEVELS = ['none', 'innovative', 'provincial', 'little_giant'] as const;

export const FirmId = z.string().min(1).max(64);

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
});
export type FirmSummary = z.infer<typeof FirmSummary>;

export const Contact = z.object({ name: z.string().max(50), role: z.string().max(50), phone: z.string().max(30) });

export const Firm = FirmSummary.extend({
  contacts: z.array(Contact),
  updatedAt: z.string(),
});
export type Firm = z.infer<typeof Firm>;
