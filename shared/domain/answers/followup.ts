import { z } from 'zod';
import { PROBLEM_STATUSES } from '../problem';
import { financingStepSchema } from '../financing';
import { ClientId, date, optionalDate, list, optionalText, requiredChoice, requiredText, type Mode } from './fields';
import { CALLBACK_VERDICTS, CALLBACK_WAYS, DEPARTMENT_STEPS } from '../demand/track';

/** The firm's word before a problem counts as resolved (回访, issue 31). */
export function callbackSchema(mode: Mode) {
  return z.strictObject({ how: requiredChoice(mode, CALLBACK_WAYS), on: date(mode, true), verdict: requiredChoice(mode, CALLBACK_VERDICTS), note: optionalText(500) });
}

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
    /** Handed (again) to a department on a day (交办): its deadlines count from that day. */
    department: optionalText(100),
    handedOn: optionalDate(mode),
    /** What the department did: took it up, answered, or made progress; and who there. */
    departmentStep: requiredChoice('draft', DEPARTMENT_STEPS),
    departmentBy: optionalText(100),
    callback: callbackSchema(mode).optional(),
  });
}

type DemandUpdate = { status?: string | undefined; department?: string | undefined; handedOn?: string | undefined; callback?: { on?: string | undefined } | undefined };

type Issue = (path: (string | number)[], message: string) => void;

/** The rules a list of updates obeys wherever it appears: each problem once, no bank step after the day it was recorded. */
export function checkUpdates(updates: readonly ({ problemId: string; financing?: { on?: string | undefined } | undefined } & DemandUpdate)[], visitDate: string | undefined, path: (string | number)[], issue: Issue): void {
  const ids = updates.map((u) => u.problemId);
  if (new Set(ids).size !== ids.length) issue(path, 'validation.duplicate');
  updates.forEach((u, i) => {
    if (u.financing?.on && visitDate && u.financing.on > visitDate) issue([...path, i, 'financing', 'on'], 'validation.afterVisit');
    checkDemandUpdate(u, visitDate, [...path, i], issue);
  });
}

/** No 办结 without the firm's word; nothing dated after the visit; a handing names its department. */
function checkDemandUpdate(u: DemandUpdate, visitDate: string | undefined, path: (string | number)[], issue: Issue): void {
  if (u.status === 'resolved' && !u.callback) issue([...path, 'callback'], 'validation.callbackRequired');
  if (u.callback?.on && visitDate && u.callback.on > visitDate) issue([...path, 'callback', 'on'], 'validation.afterVisit');
  if (u.handedOn && visitDate && u.handedOn > visitDate) issue([...path, 'handedOn'], 'validation.afterVisit');
  if (u.handedOn && !u.department) issue([...path, 'department'], 'validation.departmentRequired');
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
