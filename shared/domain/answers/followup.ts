import { z } from 'zod';
import { PROBLEM_STATUSES } from '../problem';
import { financingStepSchema } from '../financing';
import { ClientId, date, list, optionalText, requiredChoice, requiredText, type Mode } from './fields';

/**
 * One problem taken up: its new status, what was done, and — for a financing
 * problem — the step with a bank. A follow-up's updates and an event's firm rows
 * are lists of these, applied by the same code on the laptop and checked by the
 * same rules on the server.
 */
export function problemUpdateSchema(mode: Mode) {
  return z.strictObject({
    problemId: ClientId,
    status: requiredChoice(mode, PROBLEM_STATUSES),
    note: mode === 'draft' ? optionalText(2000) : z.string().trim().min(1).max(2000),
    /** A financing problem's step with a bank (shared/domain/financing.ts). */
    financing: financingStepSchema(mode).optional(),
  });
}

type Issue = (path: (string | number)[], message: string) => void;

/** The rules a list of updates obeys wherever it appears: each problem once, no bank step after the day it was recorded. */
export function checkUpdates(updates: readonly { problemId: string; financing?: { on?: string | undefined } | undefined }[], visitDate: string | undefined, path: (string | number)[], issue: Issue): void {
  const ids = updates.map((u) => u.problemId);
  if (new Set(ids).size !== ids.length) issue(path, 'validation.duplicate');
  updates.forEach((u, i) => {
    if (u.financing?.on && visitDate && u.financing.on > visitDate) issue([...path, i, 'financing', 'on'], 'validation.afterVisit');
  });
}

/** Follow-up (一对一帮办): works on open problems of the firm, moving their status. */
export function followupSchema(mode: Mode, today?: string) {
  const base = z.strictObject({
    visitDate: date(mode, true),
    peopleMet: requiredText(mode, 500),
    updates: list(mode, problemUpdateSchema(mode), 50, 1),
    conclusion: optionalText(3000),
  });
  if (mode === 'draft') return base;
  return base.superRefine((a, ctx) => {
    if (today && a.visitDate && a.visitDate > today) ctx.addIssue({ code: 'custom', path: ['visitDate'], message: 'validation.futureDate' });
    checkUpdates(a.updates ?? [], a.visitDate, ['updates'], (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  });
}
