import { z } from 'zod';

/**
 * A firm's problem as the bureau handles a demand (企业诉求, issue 31): 受理 (raised) → 交办
 * (handed to a department) → 承办 (taken up) → 答复 (answered) → 办结 (resolved, with the
 * firm's word from a call-back) → 销号 (closed for good by a supervisor of the county).
 */
export const CALLBACK_WAYS = ['visit', 'phone'] as const;
export const CALLBACK_VERDICTS = ['satisfied', 'basic', 'dissatisfied'] as const;
export type CallbackVerdict = (typeof CALLBACK_VERDICTS)[number];
/** What a department did, as a follow-up or an event records it: took it up, answered, or made progress. */
export const DEPARTMENT_STEPS = ['taken_up', 'answered', 'progress'] as const;
export type DepartmentStep = (typeof DEPARTMENT_STEPS)[number];

/** The call-back (回访) a resolution needs: how, when, the firm's verdict and what it said. */
export const Callback = z.object({
  how: z.enum(CALLBACK_WAYS),
  on: z.string(),
  verdict: z.enum(CALLBACK_VERDICTS),
  note: z.string(),
});
export type Callback = z.infer<typeof Callback>;

/** An extension of the resolve deadline a supervisor granted (at most MAX_RESOLVE_DAYS working days from the handing). */
export const Extension = z.object({ days: z.number().int(), reason: z.string(), by: z.string(), at: z.string() });
export type Extension = z.infer<typeof Extension>;
/** A supervisor's 督办 note. */
export const SupervisionNote = z.object({ by: z.string(), at: z.string(), note: z.string() });
export type SupervisionNote = z.infer<typeof SupervisionNote>;

/**
 * The demand's part of a problem's state. Defaults keep a problem from a server (or a laptop
 * store) before issue 31 readable: never handed, no call-back.
 */
export const DemandFields = {
  handedOn: z.string().nullable().default(null),
  takenUpOn: z.string().nullable().default(null),
  answeredOn: z.string().nullable().default(null),
  /** The day (of the visit or event) it was marked resolved. */
  resolvedOn: z.string().nullable().default(null),
  callback: Callback.nullable().default(null),
  extension: Extension.nullable().default(null),
  supervision: z.array(SupervisionNote).default([]),
  closedAt: z.string().nullable().default(null),
  closedBy: z.string().nullable().default(null),
};

export const DEMAND_STAGES = ['raised', 'handed', 'taken_up', 'answered', 'resolved', 'closed'] as const;
export type DemandStage = (typeof DEMAND_STAGES)[number];

export interface DemandFacts {
  status: string;
  handedOn: string | null;
  takenUpOn: string | null;
  answeredOn: string | null;
  closedAt: string | null;
}

export function stageOf(p: DemandFacts): DemandStage {
  if (p.status === 'resolved') return p.closedAt ? 'closed' : 'resolved';
  if (p.answeredOn) return 'answered';
  if (p.takenUpOn) return 'taken_up';
  return p.handedOn ? 'handed' : 'raised';
}

/** Resolved before call-backs were asked for (issue 31): counted as 办结, left out of the satisfaction rate. */
export const resolvedWithoutCallback = (p: { status: string; callback: Callback | null }): boolean => p.status === 'resolved' && p.callback === null;
