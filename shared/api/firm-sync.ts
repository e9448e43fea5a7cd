import { z } from 'zod';
import { COUNTY_CODES } from '../domain/divisions';
import { CHAIN_SEGMENTS, Contact, FirmId } from '../domain/firm';
import { IsoDate } from '../domain/answers/fields';
import { PROTOCOL_VERSION } from './sync-protocol';

/**
 * Firms created and edited in the field travel to the register like visits: each
 * change once (its changeId), carrying the register version it was based on, with
 * the values the officer saw before editing (`base`). The server merges, applies or
 * keeps both sides as a conflict for a supervisor — nothing typed is lost. Key-firm
 * tier and 专精特新 level are the bureau's decision: not editable from a laptop.
 */
export const EDITABLE_FIRM_FIELDS = ['name', 'address', 'chainSegment', 'categories', 'contacts', 'certifications'] as const;
export type EditableFirmField = (typeof EDITABLE_FIRM_FIELDS)[number];

const CertificationValue = z.strictObject({
  product: z.string().trim().min(1).max(60),
  starLevel: z.number().int().min(1).max(3),
  certificateNo: z.string().trim().min(1).max(60),
  validUntil: IsoDate,
  /** The diagnosis that recorded it (issue 26); absent when typed on the firm form. */
  sourceVisitId: z.uuid().optional(),
});
export const FirmValues = z.strictObject({
  name: z.string().trim().min(2).max(100),
  address: z.string().trim().max(200),
  chainSegment: z.enum(CHAIN_SEGMENTS),
  categories: z.array(z.string().trim().min(1).max(60)).max(20),
  contacts: z.array(Contact).max(20),
  certifications: z.array(CertificationValue).max(60),
});
export type FirmValues = z.infer<typeof FirmValues>;

export const FirmChange = z.strictObject({
  changeId: z.uuid(),
  firmId: FirmId,
  /** The register version the laptop's copy had; null for a firm created on the laptop. */
  baseVersion: z.string().regex(/^\d{1,19}$/).nullable(),
  /** A new firm's identity (ignored for an edit). */
  creditCode: z.string().max(18).optional(),
  countyCode: z.enum(COUNTY_CODES).optional(),
  values: FirmValues.partial(),
  base: FirmValues.partial(),
});
export type FirmChange = z.infer<typeof FirmChange>;

export const FIRM_CHANGE_STATUSES = ['proposed', 'merged', 'applied', 'conflict', 'rejected'] as const;
export const FirmChangeResult = z.object({
  changeId: z.string(),
  status: z.enum(FIRM_CHANGE_STATUSES),
  /** The register's id of the firm (another one than the laptop's when merged). */
  firmId: z.string(),
  version: z.string().nullable(),
  /** Fields kept as conflicts for a supervisor to decide. */
  conflicts: z.array(z.enum(EDITABLE_FIRM_FIELDS)).optional(),
  reasons: z.array(z.string()).optional(),
});
export type FirmChangeResult = z.infer<typeof FirmChangeResult>;

export const FirmChangesRequest = z.strictObject({ protocol: z.literal(PROTOCOL_VERSION), changes: z.array(z.unknown()).min(1).max(200) });
export const FirmChangesResponse = z.object({ protocol: z.literal(PROTOCOL_VERSION), results: z.array(FirmChangeResult) });
