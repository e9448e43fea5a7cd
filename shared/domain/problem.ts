import { z } from 'zod';
import { FINANCING_STAGES } from './financing';
import { Callback, DEMAND_STAGES, DEPARTMENT_STEPS, Extension, SupervisionNote } from './demand/track';
import { DEADLINE_STEPS } from './demand/deadlines';

export const PROBLEM_CATEGORIES = [
  'financing',
  'land',
  'labour',
  'market',
  'raw_materials',
  'technology',
  'approvals',
  'energy_environment',
  'logistics',
  /** Makes or uses an officially eliminated building-materials product (shared/reference/eliminated-products.ts). */
  'eliminated_product',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export const PROBLEM_STATUSES = ['open', 'in_progress', 'resolved'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
export { URGENCIES } from './urgency';
import { URGENCIES } from './urgency';

export const ProblemEvent = z.object({
  visitId: z.string(),
  revision: z.number().int(),
  fromStatus: z.enum(PROBLEM_STATUSES).nullable(),
  toStatus: z.enum(PROBLEM_STATUSES),
  note: z.string(),
  /** When the change was recorded on the laptop. */
  at: z.string(),
  /** Who recorded it (the officer's name); null for a step kept before names were (laptop migration 018 copies them where it can). */
  officer: z.string().nullable(),
  /** Whether the visit or event is on this laptop (a colleague's, received with the problem, is not). */
  onLaptop: z.boolean(),
  /** The day of the visit or event that made it (what the officer knows it by); null for a record without one. */
  visitDate: z.string().nullable(),
  /** The visit or event (活动) that made the change, and an event's title: where the problem was taken up. */
  visitKind: z.string().nullable(),
  eventTitle: z.string().nullable(),
  handedTo: z.string().nullable(),
  departmentStep: z.enum(DEPARTMENT_STEPS).nullable(),
  departmentBy: z.string().nullable(),
  callback: Callback.nullable(),
});

/** Where a handed demand stands (shared/domain/demand/deadlines.ts `supervise`). */
export const DemandClockView = z.object({
  deadlines: z.object({ takeUp: z.string(), answer: z.string(), resolve: z.string(), resolveDays: z.number().int(), uncovered: z.array(z.number().int()) }),
  next: z.enum(DEADLINE_STEPS).nullable(),
  light: z.enum(['green', 'yellow', 'red']).nullable(),
  lateDays: z.number().int(),
  onTime: z.boolean().nullable(),
  daysToResolve: z.number().int().nullable(),
});
export type DemandClockView = z.infer<typeof DemandClockView>;

export const ProblemRecord = z.object({
  id: z.string(),
  firmId: z.string(),
  firmName: z.string(),
  raisedVisitId: z.string(),
  category: z.enum(PROBLEM_CATEGORIES),
  description: z.string(),
  helpRequested: z.string(),
  department: z.string(),
  urgency: z.enum(URGENCIES),
  dueDate: z.string().nullable(),
  status: z.enum(PROBLEM_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  overdue: z.boolean(),
  handedOn: z.string().nullable(),
  takenUpOn: z.string().nullable(),
  answeredOn: z.string().nullable(),
  resolvedOn: z.string().nullable(),
  callback: Callback.nullable(),
  extension: Extension.nullable(),
  supervision: z.array(SupervisionNote),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  stage: z.enum(DEMAND_STAGES),
  clock: DemandClockView.nullable(),
  /** The 包联 officer of the firm, else the officer who raised it: whom 督办 is addressed to. */
  responsible: z.string().nullable(),
});
export type ProblemRecord = z.infer<typeof ProblemRecord>;

/** A step of a financing problem with a bank, as a follow-up recorded it (shared/domain/financing.ts). */
export const FinancingStepRecord = z.object({
  visitId: z.string(),
  bank: z.string(),
  stage: z.enum(FINANCING_STAGES),
  on: z.string(),
  amount: z.number().nullable(),
  rate: z.number().nullable(),
  termMonths: z.number().int().nullable(),
  reason: z.string(),
});
export type FinancingStepRecord = z.infer<typeof FinancingStepRecord>;

export const ProblemWithTrail = ProblemRecord.extend({ events: z.array(ProblemEvent), financing: z.array(FinancingStepRecord) });
export type ProblemWithTrail = z.infer<typeof ProblemWithTrail>;
