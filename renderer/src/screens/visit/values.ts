import type { VisitKind } from '../../../../shared/domain/answers';
import { localToday } from '../../../../shared/domain/visit';

/** Form values of any visit kind: the answers object as the form edits it. */
export type AnswerValues = Record<string, unknown>;

/** A new visit's starting values: today's date and one empty row where a row is expected. */
export function initialValues(kind: VisitKind): AnswerValues {
  const visitDate = localToday();
  switch (kind) {
    case 'diagnosis':
      return { visitDate, people: [{ name: '', role: '' }], operations: {}, rnd: {}, green: { certified: [], plans: [] }, eliminated: { products: '', findings: [] }, problems: [], financing: {}, policies: [], conclusion: '', recommendations: '' };
    case 'patrol':
      return { visitDate, peopleMet: '', summary: '', problems: [], followUpNeeded: false, conclusion: '' };
    case 'followup':
      return { visitDate, peopleMet: '', updates: [], conclusion: '' };
    case 'event':
      return { visitDate, eventKind: 'financing_forum', title: '', place: '', organiser: '', organisations: [], firms: [], topics: '', outcomes: '' };
  }
}

/** Stored answers merged over the starting values, so every field has a controlled value. */
export function toFormValues(kind: VisitKind, answers: AnswerValues | undefined): AnswerValues {
  return { ...initialValues(kind), ...(answers ?? {}) };
}

/**
 * What is sent to the store: empty strings, nulls and empty objects dropped, so a
 * half-filled draft is always valid as a draft and completion reports what is missing.
 */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => prune(v) ?? {});
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === '' || value === null || value === undefined) return undefined;
  return value;
}

export function pruneAnswers(values: AnswerValues): AnswerValues {
  return (prune(values) as AnswerValues | undefined) ?? {};
}
