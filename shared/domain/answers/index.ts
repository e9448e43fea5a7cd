import { z } from 'zod';
import { diagnosisSchema } from './diagnosis';
import { eventSchema } from './event';
import { followupSchema } from './followup';
import { patrolSchema } from './patrol';

export const VISIT_KINDS = ['diagnosis', 'patrol', 'followup', 'event'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
/** The kinds that visit one firm; an event (活动) names many and belongs to none. */
export const FIRM_VISIT_KINDS = ['diagnosis', 'patrol', 'followup'] as const satisfies readonly VisitKind[];
export const isFirmVisit = (kind: VisitKind): kind is (typeof FIRM_VISIT_KINDS)[number] => kind !== 'event';

const built = new Map<string, z.ZodType<Record<string, unknown>>>();

/**
 * The schema of a visit's answers for its kind: lenient for drafts, strict for
 * completion (with today's date). Schemas are cached: zod compiles each new schema
 * on first use, which would otherwise cost milliseconds on every autosave.
 */
export function answersSchema(kind: VisitKind, mode: 'draft' | 'complete', today?: string): z.ZodType<Record<string, unknown>> {
  const key = `${kind}|${mode}|${today ?? ''}`;
  let schema = built.get(key);
  if (!schema) {
    if (built.size > 64) built.clear(); // one entry per kind and day; never grows in practice
    schema = buildAnswersSchema(kind, mode, today);
    built.set(key, schema);
  }
  return schema;
}

function buildAnswersSchema(kind: VisitKind, mode: 'draft' | 'complete', today?: string): z.ZodType<Record<string, unknown>> {
  switch (kind) {
    case 'diagnosis':
      return diagnosisSchema(mode, today) as z.ZodType<Record<string, unknown>>;
    case 'patrol':
      return patrolSchema(mode, today) as z.ZodType<Record<string, unknown>>;
    case 'followup':
      return followupSchema(mode, today) as z.ZodType<Record<string, unknown>>;
    case 'event':
      return eventSchema(mode, today) as z.ZodType<Record<string, unknown>>;
  }
}

/** Draft answers of any kind: the union the contract accepts before it knows the kind. */
export const DraftAnswers = z.union([diagnosisSchema('draft'), patrolSchema('draft'), followupSchema('draft'), eventSchema('draft')]);
export type DraftAnswers = Record<string, unknown> & { visitDate?: string };

export type { DiagnosisDraft, DiagnosisSection } from './diagnosis';
export { DIAGNOSIS_SECTIONS, needsFinancing, rndShare } from './diagnosis';
export { RAISES_PROBLEMS, raisedProblemsOf } from './raised-problems';
export { EVENT_KINDS, ORGANISATION_TYPES, eventFirms, eventUpdates, type EventKind } from './event';
