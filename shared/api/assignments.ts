import { z } from 'zod';
import { FirmId } from '../domain/firm';
import { Cadence } from '../domain/cadence';
import { FirmOfficer, PROTOCOL_VERSION } from './sync-protocol';

export { FirmOfficer };

/**
 * 包联 (issue 30): each firm has at most one responsible service officer. Supervisors and
 * administrators assign in their counties — some firms, or every firm of one officer at once —
 * always with a reason; the history keeps from, to, who, when and why.
 */
const Username = z.string().trim().min(1).max(40);
const Reason = z.string().trim().min(2).max(200);

export const AssignRequest = z.union([
  /** These firms to `to` (null: no officer any more). */
  z.strictObject({ firmIds: z.array(FirmId).min(1).max(500), to: Username.nullable(), reason: Reason }),
  /** Every firm `fromOfficer` answers for (in the caller's counties) to `to`: a handover. */
  z.strictObject({ fromOfficer: Username, to: Username.nullable(), reason: Reason }),
]);
export type AssignRequest = z.infer<typeof AssignRequest>;

export const AssignResult = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  /** Firms whose officer changed. */
  changed: z.number().int(),
  /** Firms that already had that officer. */
  unchanged: z.number().int(),
});
export type AssignResult = z.infer<typeof AssignResult>;


export const AssignmentStep = z.object({
  from: z.string().nullable(),
  fromName: z.string().nullable(),
  to: z.string().nullable(),
  toName: z.string().nullable(),
  by: z.string(),
  at: z.string(),
  reason: z.string(),
  via: z.enum(['online', 'import']),
});
export type AssignmentStep = z.infer<typeof AssignmentStep>;
export const AssignmentHistoryBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), officer: FirmOfficer.nullable(), history: z.array(AssignmentStep) });

/** The officers an assigner may name: those whose counties overlap the caller's, with how many firms each answers for. */
export const AssignableOfficer = z.object({ username: z.string(), name: z.string(), counties: z.array(z.string()).nullable(), firms: z.number().int() });
export type AssignableOfficer = z.infer<typeof AssignableOfficer>;
export const AssignableOfficersBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), officers: z.array(AssignableOfficer) });

/** An assignment list import (credit code → username), dry run first, applied whole or not at all. */
export const AssignmentImportReport = z.object({
  applied: z.boolean(),
  source: z.string(),
  counts: z.object({ rows: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
  /** Each problem as an i18n key (assignments.problem.<key>) with the value it names. */
  errors: z.array(z.object({ row: z.number().int(), key: z.string(), value: z.string() })),
});
export type AssignmentImportReport = z.infer<typeof AssignmentImportReport>;
export const AssignmentImportBody = AssignmentImportReport.extend({ protocol: z.literal(PROTOCOL_VERSION) });
export const ASSIGNMENT_IMPORT_PROBLEMS = ['noHeader', 'unknownCode', 'unknownUser', 'notAnOfficer', 'outsideCounty', 'duplicate', 'outsideScope', 'missing'] as const;

export const CadenceBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), cadence: Cadence });
