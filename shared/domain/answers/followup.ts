import { z } from 'zod';
import { PROBLEM_STATUSES } from '../problem';
import { financingStepSchema } from '../financing';
import { ClientId, date, list, optionalText, requiredChoice, requiredText, type Mode } from './fields';

/** Follow-up (一对一帮办): works on open problems of the firm, moving their status. */
export function followupSchema(mode: Mode, today?: string) {
  const update = z.strictObject({
    problemId: ClientId,
    status: requiredChoice(mode, PROBLEM_STATUSES),
    note: mode === 'draft' ? optionalText(2000) : z.string().trim().min(1).max(2000),
    /** A financing problem's step with a bank (shared/domain/financing.ts). */
    financing: financingStepSchema(mode).optional(),
  });
  const base = z.strictObject({
    visitDate: date(mode, true),
    peopleMet: requiredText(mode, 500),
    updates: list(mode, update, 50, 1),
    conclusion: optionalText(3000),
  });
  if (mode === 'draft') return base;
  return base.superRefine((a, ctx) => {
    if (today && a.visitDate && a.visitDate > today) ctx.addIssue({ code: 'custom', path: ['visitDate'], message: 'validation.futureDate' });
    const ids = (a.updates ?? []).map((u) => u.problemId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['updates'], message: 'validation.duplicate' });
    (a.updates ?? []).forEach((u, i) => {
      if (u.financing?.on && a.visitDate && u.financing.on > a.visitDate) ctx.addIssue({ code: 'custom', path: ['updates', i, 'financing', 'on'], message: 'validation.afterVisit' });
    });
  });
}
