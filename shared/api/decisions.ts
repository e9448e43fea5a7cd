import { z } from 'zod';
import { PROTOCOL_VERSION } from './sync-protocol';
import { TierChangeRequest } from './key-firms';
import { REVIEW_VERDICTS } from '../domain/review';
import { MAX_RESOLVE_DAYS } from '../domain/demand/deadlines';

/**
 * Supervisors' decisions travel like officers' records (issue 27): queued on the laptop,
 * offline or online, pushed with an id of their own, applied by the server exactly once,
 * each answered on its own. Two supervisors deciding the same thing offline: the one the
 * server receives later stands; both are kept, and the answer names the one it replaced.
 */
export const DECISION_KINDS = ['tier.decide', 'firm.accept', 'firm.reject', 'conflict.resolve', 'tier.request', 'visit.review', 'demand.extend', 'demand.supervise', 'demand.close'] as const;
/** The only kind an officer sends: a request for a firm's tier to change (a supervisor's own "request" applies at once). */
export const OFFICER_DECISION_KINDS: readonly DecisionKind[] = ['tier.request'];
export type DecisionKind = (typeof DECISION_KINDS)[number];

const Id = z.uuid();
const DecidedAt = z.iso.datetime({ offset: true });
const Numeric = z.string().regex(/^\d{1,18}$/);

export const QueuedDecision = z.discriminatedUnion('kind', [
  z
    .strictObject({ id: Id, kind: z.literal('tier.decide'), subject: Numeric, accept: z.boolean(), note: z.string().trim().max(200).optional(), decidedAt: DecidedAt })
    .refine((d) => d.accept || (d.note !== undefined && d.note.length >= 2), { path: ['note'], message: 'validation.declineReason' }),
  z.strictObject({ id: Id, kind: z.literal('firm.accept'), subject: z.string().min(1).max(64), decidedAt: DecidedAt }),
  /** A firm proposed from the field that does not belong in the register (a duplicate, not of the chain): the officer reads why. */
  z.strictObject({ id: Id, kind: z.literal('firm.reject'), subject: z.string().min(1).max(64), note: z.string().trim().min(2).max(200), decidedAt: DecidedAt }),
  z.strictObject({ id: Id, kind: z.literal('conflict.resolve'), subject: Numeric, keep: z.enum(['register', 'proposed']), decidedAt: DecidedAt }),
  z.strictObject({ id: Id, kind: z.literal('tier.request'), subject: z.string().min(1).max(64), request: TierChangeRequest, decidedAt: DecidedAt }),
  /** A supervisor's review of one revision of a visit (issue 30): a return or a query says why. */
  z
    .strictObject({ id: Id, kind: z.literal('visit.review'), subject: z.uuid(), revision: z.number().int().min(1).max(10_000), verdict: z.enum(REVIEW_VERDICTS), comment: z.string().trim().max(500), decidedAt: DecidedAt })
    .refine((d) => d.verdict === 'pass' || d.comment.length >= 2, { path: ['comment'], message: 'validation.reviewComment' }),
  /** A supervisor's approval of a longer time to resolve a demand (issue 31): at most 30 working days from the handing, with a reason. */
  z.strictObject({ id: Id, kind: z.literal('demand.extend'), subject: z.uuid(), days: z.number().int().min(2).max(MAX_RESOLVE_DAYS), reason: z.string().trim().min(2).max(500), decidedAt: DecidedAt }),
  /** A supervisor's 督办 note on a demand running late: it reaches the responsible officer. */
  z.strictObject({ id: Id, kind: z.literal('demand.supervise'), subject: z.uuid(), note: z.string().trim().min(2).max(500), decidedAt: DecidedAt }),
  /** A supervisor closes a resolved demand for good (销号). */
  z.strictObject({ id: Id, kind: z.literal('demand.close'), subject: z.uuid(), decidedAt: DecidedAt }),
]);
/**
 * Kinds a laptop asks for by name (`with=`): a laptop from before them is not sent what it cannot
 * read. Demand decisions reach laptops as the problem's state (the problem pull), not here.
 */
export const OPTIONAL_RECEIVED_KINDS: readonly DecisionKind[] = ['visit.review', 'demand.extend', 'demand.supervise', 'demand.close'];
export type QueuedDecision = z.infer<typeof QueuedDecision>;

export const MAX_DECISION_BATCH = 100;
export const DecisionBatch = z.strictObject({ protocol: z.literal(PROTOCOL_VERSION), decisions: z.array(z.unknown()).min(1).max(MAX_DECISION_BATCH) });

/** The earlier decision a later one replaced: who, when, and what they had decided. */
export const ReplacedDecision = z.object({ by: z.string(), at: z.string(), outcome: z.string() });
export type ReplacedDecision = z.infer<typeof ReplacedDecision>;

export const DecisionResult = z.object({
  id: z.string(),
  /** applied: done now; duplicate: done before (a retry), the first answer repeated; rejected: will never apply. */
  status: z.enum(['applied', 'duplicate', 'rejected']),
  reasons: z.array(z.string()).optional(),
  replaced: ReplacedDecision.nullable().optional(),
});
export type DecisionResult = z.infer<typeof DecisionResult>;

export const DecisionBatchBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), results: z.array(DecisionResult) });

/** A decision as the people it concerns receive it: the officer who asked, the county's supervisors. */
export const ReceivedDecision = z.object({
  id: z.string(),
  kind: z.enum(DECISION_KINDS),
  subject: z.string(),
  firmId: z.string().nullable(),
  firmName: z.string().nullable(),
  outcome: z.string(),
  note: z.string().nullable(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  receivedAt: z.string(),
  replaced: ReplacedDecision.nullable(),
  /** The revision a review belongs to (visit.review only). */
  revision: z.number().int().nullable().optional(),
});
export type ReceivedDecision = z.infer<typeof ReceivedDecision>;

export const DecisionChangesBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), cursor: z.string().regex(/^\d+$/), more: z.boolean(), decisions: z.array(ReceivedDecision) });
export type DecisionChangesBody = z.infer<typeof DecisionChangesBody>;

/** A decision queued on this laptop, as the review screen lists it: what, when, and the server's answer once it came. */
export const QueuedDecisionView = z.object({
  id: z.string(),
  kind: z.enum(DECISION_KINDS),
  subject: z.string(),
  label: z.string(),
  createdAt: z.string(),
  state: z.enum(['pending', 'done', 'rejected']),
  result: DecisionResult.nullable(),
  decision: z.record(z.string(), z.unknown()),
});
export type QueuedDecisionView = z.infer<typeof QueuedDecisionView>;
