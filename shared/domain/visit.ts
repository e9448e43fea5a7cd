import { z } from 'zod';
import { REVIEW_STATES } from './review';
import { VISIT_KINDS } from './answers';
import { FirmId } from './firm';

export { FIRM_VISIT_KINDS, VISIT_KINDS, isFirmVisit, type VisitKind } from './answers';
export { PROBLEM_CATEGORIES, type ProblemCategory } from './problem';
export { isRealDate, IsoDate } from './answers/fields';

/** draft → completed; an amendment reopens a completed visit as the draft of its next revision. */
export const VISIT_STATUSES = ['draft', 'completed'] as const;
/** local = never queued (draft); waiting = in the outbox; synced = server confirmed; attention = rejected or in conflict. */
export const SYNC_STATES = ['local', 'waiting', 'synced', 'attention'] as const;

export const VisitId = z.uuid({ version: 'v7' });

export const AnswersRecord = z.record(z.string(), z.unknown());

export const Visit = z.object({
  id: VisitId,
  /** Null for an event (活动), which names its firms in its answers. */
  firmId: FirmId.nullable(),
  /** The firm's name, or an event's title. */
  firmName: z.string(),
  kind: z.enum(VISIT_KINDS),
  officer: z.string(),
  status: z.enum(VISIT_STATUSES),
  revision: z.number().int().positive(),
  contentHash: z.string().nullable(),
  answers: AnswersRecord,
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  syncState: z.enum(SYNC_STATES),
  syncedAt: z.string().nullable(),
  syncError: z.string().nullable(),
  /** 'server': a supervisor's read-only copy of an officer's visit (only its officer amends it). */
  origin: z.enum(['local', 'server']).optional(),
});
export type Visit = z.infer<typeof Visit>;

export const VisitSummary = Visit.omit({ answers: true }).extend({
  visitDate: z.string().nullable(),
  /** The firm's county, or the county an event was held in (who visited where). */
  countyCode: z.string().nullable(),
  /** A completed visit's review (审核); null for a draft never completed. */
  review: z.enum(REVIEW_STATES).nullable().optional(),
});
export type VisitSummary = z.infer<typeof VisitSummary>;

export const VisitRevision = z.object({ revision: z.number().int(), answers: AnswersRecord, contentHash: z.string(), completedAt: z.string() });
export type VisitRevision = z.infer<typeof VisitRevision>;

export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
