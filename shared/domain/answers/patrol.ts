import { z } from 'zod';
import { date, optionalText, requiredText, type Mode } from './fields';
import { checkRaisedProblems, raisedProblemsList } from './raised-problems';

/** Patrol (巡链): a short check-in; it may raise problems, as a diagnosis does (the same schema and rules). */
export function patrolSchema(mode: Mode, today?: string) {
  const base = z.strictObject({
    visitDate: date(mode, true),
    peopleMet: requiredText(mode, 500),
    summary: requiredText(mode, 3000),
    followUpNeeded: z.boolean().optional(),
    // Optional: a patrol from before patrols raised problems (or one that found none) has no list.
    problems: raisedProblemsList(mode).optional(),
    conclusion: optionalText(3000),
  });
  if (mode === 'draft') return base;
  return base.superRefine((a, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (today && a.visitDate && a.visitDate > today) issue(['visitDate'], 'validation.futureDate');
    checkRaisedProblems(a.problems ?? [], a.visitDate, issue);
  });
}
