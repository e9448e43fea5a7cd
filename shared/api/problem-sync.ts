import { z } from 'zod';
import { PROTOCOL_VERSION } from './sync-protocol';
import { ProblemState, ProblemStep } from '../domain/problem-state';

/** A problem as officers receive it: its state, its whole trail, and the firm it belongs to. */
export const ServerProblem = z.object({
  state: ProblemState,
  trail: z.array(ProblemStep),
  firm: z.object({ name: z.string(), creditCode: z.string(), countyCode: z.string() }).nullable(),
  countyCode: z.string(),
  /** Dropped by an amended diagnosis before anyone worked on it. */
  removed: z.boolean(),
});
export type ServerProblem = z.infer<typeof ServerProblem>;

/** GET /api/v1/problems/changes?cursor=N — the problems of the caller's counties changed after N. */
export const ProblemChangesBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  cursor: z.string().regex(/^\d+$/),
  more: z.boolean(),
  problems: z.array(ServerProblem),
});
export type ProblemChangesBody = z.infer<typeof ProblemChangesBody>;

/** Problems per page: a county's 40,000 in 40 requests. */
export const PROBLEM_PAGE = 1_000;
