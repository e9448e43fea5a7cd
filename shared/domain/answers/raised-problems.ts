import { z } from 'zod';
import { PROBLEM_CATEGORIES, URGENCIES } from '../problem';
import { ClientId, optionalDate, list, optionalText, requiredChoice, requiredText, type Mode } from './fields';

/**
 * The problems a visit raises: a diagnosis's section 6, and a patrol's (issue 26) — one
 * schema and one set of rules, so a problem is a problem whichever visit raised it.
 */
export function raisedProblemSchema(mode: Mode) {
  return z.strictObject({
    id: ClientId,
    category: requiredChoice(mode, PROBLEM_CATEGORIES),
    description: requiredText(mode, 2000),
    helpRequested: optionalText(1000),
    department: optionalText(100),
    urgency: requiredChoice(mode, URGENCIES),
    dueDate: optionalDate(mode),
    /** Handed to the department on this day (交办, issue 31): its three deadlines count from it. */
    handedOn: optionalDate(mode),
  });
}

export const raisedProblemsList = (mode: Mode) => list(mode, raisedProblemSchema(mode), 50);

/** The rules a completed visit's problems keep: due no earlier than the visit, each id once. */
export function checkRaisedProblems(problems: readonly { id: string; dueDate?: string | undefined; department?: string | undefined; handedOn?: string | undefined }[], visitDate: string | undefined, issue: (path: (string | number)[], message: string) => void): void {
  problems.forEach((p, i) => {
    if (p.dueDate && visitDate && p.dueDate < visitDate) issue(['problems', i, 'dueDate'], 'validation.dueBeforeVisit');
    if (p.handedOn && !p.department) issue(['problems', i, 'department'], 'validation.departmentRequired');
    if (p.handedOn && visitDate && p.handedOn < visitDate) issue(['problems', i, 'handedOn'], 'validation.handedBeforeVisit');
  });
  if (new Set(problems.map((p) => p.id)).size !== problems.length) issue(['problems'], 'validation.duplicate');
}

/** The kinds of visit that raise problems. */
export const RAISES_PROBLEMS = ['diagnosis', 'patrol'] as const;

/** The problems a visit of this kind raises (none for a follow-up or an event, which move problems). */
export function raisedProblemsOf<P>(kind: string, answers: { problems?: unknown }): P[] {
  return (RAISES_PROBLEMS as readonly string[]).includes(kind) && Array.isArray(answers.problems) ? (answers.problems as P[]) : [];
}
