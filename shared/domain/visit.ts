import { z } from 'zod';
import { FirmId } from './firm';

export const VISIT_KINDS = ['diagnosis', 'patrol', 'followup'] as const;
export const VISIT_STATUSES = ['draft', 'completed'] as const;
/** local = never queued (draft); waiting = in the outbox; synced = server confirmed; attention = rejected or in conflict. */
export const SYNC_STATES = ['local', 'waiting', 'synced', 'attention'] as const;
export const PROBLEM_CATEGORIES = [
  'financing',
  'land',
  'labour',
  'market',
  'raw_materials',
  'technology',
  'approvals',
  'energy_environment',
  'logistics',
  'other',
] as const;

export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export const VisitId = z.uuid({ version: 'v7' });

/** Calendar date as YYYY-MM-DD; validity (not in the future) is checked by the caller with a clock. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.badDate');

const text = (max: number) => z.string().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);

export const ProblemDraft = z.strictObject({
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  description: text(2000).optional(),
});

export const Problem = z.strictObject({
  category: z.enum(PROBLEM_CATEGORIES),
  description: required(2000),
});
export type Problem = z.infer<typeof Problem>;

/** What the officer has typed so far: every field optional, but still bounded. */
export const DiagnosisDraftAnswers = z.strictObject({
  visitDate: IsoDate.optional(),
  peopleMet: text(500).optional(),
  problems: z.array(ProblemDraft).max(50).optional(),
  conclusion: text(5000).optional(),
});
export type DiagnosisDraftAnswers = z.infer<typeof DiagnosisDraftAnswers>;

/** Builds the complete-survey schema; `today` (YYYY-MM-DD, local) bounds the visit date. */
export function completeDiagnosisAnswers(today: string) {
  return z.strictObject({
    visitDate: IsoDate.refine((d) => isRealDate(d), 'validation.badDate').refine((d) => d <= today, 'validation.futureDate'),
    peopleMet: required(500),
    problems: z.array(Problem).min(1).max(50),
    conclusion: required(5000),
  });
}
export type DiagnosisAnswers = z.infer<ReturnType<typeof completeDiagnosisAnswers>>;

export function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

export const Visit = z.object({
  id: VisitId,
  firmId: FirmId,
  firmName: z.string(),
  kind: z.enum(VISIT_KINDS),
  officer: z.string(),
  status: z.enum(VISIT_STATUSES),
  revision: z.number().int().positive(),
  contentHash: z.string().nullable(),
  answers: DiagnosisDraftAnswers,
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  syncState: z.enum(SYNC_STATES),
  syncedAt: z.string().nullable(),
  syncError: z.string().nullable(),
});
export type Visit = z.infer<typeof Visit>;

export const VisitSummary = Visit.omit({ answers: true }).extend({ visitDate: z.string().nullable() });
export type VisitSummary = z.infer<typeof VisitSummary>;

export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
