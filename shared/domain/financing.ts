import { z } from 'zod';
import { amount, date, optionalText, requiredChoice, requiredText, type Mode } from './answers/fields';

/**
 * A financing case: the need a diagnosis recorded (amount, term) followed to the loan.
 * The case is the diagnosis visit; its financing problems carry the steps, one per
 * follow-up update (and, later, per event): referred to a bank → the bank's answer
 * (approved with amount, rate and term, or declined with a reason) → funds received
 * (amount, date; tranches add up). A case may go to more than one bank.
 */
export const FINANCING_STAGES = ['referred', 'approved', 'declined', 'funded'] as const;
export type FinancingStage = (typeof FINANCING_STAGES)[number];

const WAN = 1e8;

export function financingStepSchema(mode: Mode) {
  const step = z.strictObject({
    bank: requiredText(mode, 60),
    stage: requiredChoice(mode, FINANCING_STAGES),
    /** The day of the step: the referral, the bank's answer or the funds. */
    on: date(mode, true),
    /** 万元: approved, or received. */
    amount: amount(mode, 0.01, WAN),
    /** Annual rate in percent, when approved. */
    rate: amount(mode, 0, 100),
    termMonths: amount(mode, 1, 360, { int: true }),
    reason: optionalText(500),
  });
  if (mode === 'draft') return step;
  return step.superRefine((s, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((s.stage === 'approved' || s.stage === 'funded') && s.amount == null) issue('amount', 'validation.required');
    if (s.stage === 'declined' && !s.reason?.trim()) issue('reason', 'validation.required');
  });
}
export type FinancingStep = z.infer<ReturnType<typeof financingStepSchema>>;

/** Where a case stands with one bank after its steps so far. */
export interface BankStanding {
  stage: FinancingStage;
  on: string;
  /** The amount of the bank's latest answer: 0 until it approves, and again once it declines. */
  approved: number;
  /** The day of that latest answer (approved or declined). */
  decidedOn: string | null;
  received: number;
}

/**
 * A case's standing with a bank after one more step, steps taken in date order: the latest
 * answer decides the approved amount (a later decline takes an approval back), and funds
 * add up. The one rule the summary and the firm page count by. Updates `standing` in place.
 */
export function standingAfter(standing: BankStanding | undefined, step: { stage: FinancingStage; on: string; amount: number | null }): BankStanding {
  const next = standing ?? { stage: step.stage, on: step.on, approved: 0, decidedOn: null, received: 0 };
  next.stage = step.stage;
  next.on = step.on;
  if (step.stage === 'approved' || step.stage === 'declined') {
    next.approved = step.stage === 'approved' ? (step.amount ?? 0) : 0;
    next.decidedOn = step.on;
  }
  if (step.stage === 'funded') next.received += step.amount ?? 0;
  return next;
}

/** A firm's financing case as its page shows it: the need, and where it stands with each bank. */
export const FinancingCase = z.object({
  visitId: z.string(),
  visitDate: z.string(),
  need: z.number(),
  received: z.number(),
  met: z.boolean(),
  banks: z.array(z.object({ bank: z.string(), stage: z.enum(FINANCING_STAGES), on: z.string(), approved: z.number(), received: z.number() })),
});
export type FinancingCase = z.infer<typeof FinancingCase>;
