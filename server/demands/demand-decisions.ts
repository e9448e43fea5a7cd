import type { QueuedDecision } from '../../shared/api/decisions';
import { limitsFor, limitsOfItems, LIMITS_KIND } from '../../shared/domain/demand/deadlines';
import type { ProblemState } from '../../shared/domain/problem-state';
import { mayReviewFirm } from '../authorization';
import { audit, type AuditActor } from '../audit/audit-log';
import { DecisionRefused, type Decided } from '../decisions/decide';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { holdSequence } from '../store/sequence-horizon';

type Tx = Pick<SqlClient, 'query' | 'exec'>;
type DemandDecision = Extract<QueuedDecision, { kind: 'demand.extend' | 'demand.supervise' | 'demand.close' }>;

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * A supervisor's decision on a demand (issue 31), from the outbox: an extension of its resolve
 * deadline, a 督办 note, or the closing (销号). Only a supervisor or administrator whose counties
 * hold the firm decides; the problem's state takes a new version, so every laptop of the county
 * receives it with its next problem pull — the officer the note is for among them.
 */
export async function decideDemandIn(tx: Tx, principal: Principal, actor: AuditActor, d: DemandDecision): Promise<Decided> {
  await holdSequence(tx, 'problems');
  const { rows } = await tx.query<{ county_code: string; state: ProblemState | string; firm_name: string | null; concerns: string | null }>(
    `SELECT p.county_code, p.state, COALESCE(f.data->>'name', p.firm->>'name') AS firm_name,
       COALESCE(f.officer_id, (SELECT r.account_id FROM visit_revisions r WHERE r.visit_id = p.raised_visit_id ORDER BY r.revision LIMIT 1)) AS concerns
     FROM problem_state p LEFT JOIN directory_firms f ON f.id = p.firm_id WHERE p.problem_id = $1 AND NOT p.removed FOR UPDATE OF p`,
    [d.subject],
  );
  const row = rows[0];
  if (!row) throw new DecisionRefused(404, 'decision.notFound', 'No problem with this id on the server.');
  const refusal = mayReviewFirm(principal, row.county_code);
  if (refusal) throw new DecisionRefused(403, refusal.reason.replace(/^[^:]*:\s*/, ''), refusal.message);
  const stored = parsed(row.state);
  // A state kept before issue 31 lacks the demand's fields.
  const state: ProblemState = { ...stored, supervision: stored.supervision ?? [], extension: stored.extension ?? null, closedAt: stored.closedAt ?? null, closedBy: stored.closedBy ?? null, handedOn: stored.handedOn ?? null };
  const at = d.decidedAt;
  let replaced: Decided['replaced'] = null;
  let outcome: string;
  if (d.kind === 'demand.extend') {
    if (!state.handedOn) throw new DecisionRefused(409, 'demand.notHanded', 'The problem has not been handed to a department.');
    if (state.status === 'resolved') throw new DecisionRefused(409, 'demand.resolvedAlready', 'The problem is resolved.');
    const limits = limitsFor(limitsOfItems(await referenceItems(tx)), state.urgency);
    if (d.days <= limits.resolve) throw new DecisionRefused(409, 'demand.extensionTooShort', `An extension gives more than the ${limits.resolve} working days allowed.`);
    if (state.extension) replaced = { by: state.extension.by, at: state.extension.at, outcome: `extended-${state.extension.days}` };
    state.extension = { days: d.days, reason: d.reason, by: principal.displayName, at };
    outcome = `extended-${d.days}`;
  } else if (d.kind === 'demand.supervise') {
    if (state.status === 'resolved') throw new DecisionRefused(409, 'demand.resolvedAlready', 'The problem is resolved.');
    state.supervision = [...(state.supervision ?? []), { by: principal.displayName, at, note: d.note }];
    outcome = 'supervised';
  } else {
    if (state.status !== 'resolved') throw new DecisionRefused(409, 'demand.notResolved', 'Only a resolved problem is closed for good.');
    if (state.closedAt) replaced = { by: state.closedBy ?? '', at: state.closedAt, outcome: 'closed' };
    state.closedAt = at;
    state.closedBy = principal.displayName;
    outcome = 'closed';
  }
  await tx.query(`UPDATE problem_state SET state = $2, version = nextval('problem_state_version') WHERE problem_id = $1`, [d.subject, JSON.stringify(state)]);
  const action = d.kind === 'demand.extend' ? 'demand.extended' : d.kind === 'demand.supervise' ? 'demand.supervised' : 'demand.closed';
  await audit(tx, actor, { action, object: d.subject, counties: [row.county_code], detail: { via: 'outbox', ...(d.kind === 'demand.extend' ? { days: d.days } : {}), ...(replaced ? { replaced: true } : {}) } });
  return { firmId: state.firmId, firmName: row.firm_name, countyCode: row.county_code, concerns: row.concerns, outcome, replaced };
}

async function referenceItems(tx: Tx): Promise<{ code: string; active?: boolean; detail?: unknown }[]> {
  const { rows } = await tx.query<{ data: { code: string; active?: boolean; detail?: unknown } | string }>('SELECT data FROM directory_reference WHERE kind = $1', [LIMITS_KIND]);
  return rows.map((r) => parsed(r.data));
}
