import { z } from 'zod';
import { diagnosisSchema } from './diagnosis';
import { followupSchema } from './followup';
import { patrolSchema } from './patrol';

export const VISIT_KINDS = ['diagnosis', 'patrol', 'followup'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** The schema of a visit's answers for its kind: lenient for drafts, strict for completion (with today's date). */
export function answersSchema(kind: VisitKind, mode: 'draft' | 'complete', today?: string): z.ZodType<Record<string, unknown>> {
  switch (kind) {
    case 'diagnosis':
      return diagnosisSchema(mode, today) as z.ZodType<Record<string, unknown>>;
    case 'patrol':
      return patrolSchema(mode, today) as z.ZodType<Record<string, unknown>>;
    case 'followup':
      return followupSchema(mode, today) as z.ZodType<Record<string, unknown>>;
  }
}

/** Draft answers of any kind: the union the contract accepts before it knows the kind. */
export const DraftAnswers = z.union([diagnosisSchema('draft'), patrolSchema('draft'), followupSchema('draft')]);
export type DraftAnswers = Record<string, unknown> & { visitDate?: string };

export type { DiagnosisDraft, DiagnosisSection } from './diagnosis';
export { DIAGNOSIS_SECTIONS, needsFinancing, rndShare } from './diagnosis';
