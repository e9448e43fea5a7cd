import { z } from 'zod';
import { date, optionalText, requiredText, type Mode } from './fields';

/** Patrol (巡链): a short check-in. */
export function patrolSchema(mode: Mode, today?: string) {
  const base = z.strictObject({
    visitDate: date(mode, true),
    peopleMet: requiredText(mode, 500),
    summary: requiredText(mode, 3000),
    followUpNeeded: z.boolean().optional(),
    conclusion: optionalText(3000),
  });
  if (mode === 'draft') return base;
  return base.superRefine((a, ctx) => {
    if (today && a.visitDate && a.visitDate > today) ctx.addIssue({ code: 'custom', path: ['visitDate'], message: 'validation.futureDate' });
  });
}
