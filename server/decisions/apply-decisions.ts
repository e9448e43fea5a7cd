import { OFFICER_DECISION_KINDS, QueuedDecision, type DecisionKind, type DecisionResult } from '../../shared/api/decisions';
import type { TierChangeRequest } from '../../shared/api/key-firms';
import { changeTierIn, KeyFirmError } from '../register/key-firms';
import { mayReviewFirm } from '../authorization';
import type { ServerAuditAction } from '../../shared/api/audit';
import { issueToKey } from '../../shared/domain/validation-keys';
import { audit, type AuditActor } from '../audit/audit-log';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { holdSequence } from '../store/sequence-horizon';
import { decideFirmIn, DecisionRefused, decideTierIn, settleConflictIn, type Decided } from './decide';
import { reviewVisitIn } from '../reviews/visit-review';
import { decideDemandIn } from '../demands/demand-decisions';

const ACTION: Record<DecisionKind, ServerAuditAction> = { 'tier.decide': 'tier.decided', 'firm.accept': 'firm.accepted', 'firm.reject': 'firm.rejected', 'conflict.resolve': 'firm.conflictSettled', 'tier.request': 'tier.requested', 'visit.review': 'visit.reviewed', 'demand.extend': 'demand.extended', 'demand.supervise': 'demand.supervised', 'demand.close': 'demand.closed' };

interface StoredRow {
  account_id: string;
  replaced: DecisionResult['replaced'];
}

/**
 * One queued decision, applied once: its row is written first (a retry racing it waits on the
 * primary key, then finds it), the rule applied (decide.ts, the same as online), and the answer
 * kept with it — a retry is answered the same. A refused one leaves no row.
 */
async function applyOnce(client: SqlClient, principal: Principal, actor: AuditActor, d: QueuedDecision): Promise<DecisionResult> {
  return client.transaction(async (tx) => {
    await holdSequence(tx, 'decisions');
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO decisions (id, account_id, decided_by, kind, subject, status, decided_at) VALUES ($1, $2, $3, $4, $5, 'applied', $6) ON CONFLICT (id) DO NOTHING RETURNING id::text AS id`,
      [d.id, principal.accountId, principal.displayName, d.kind, d.subject, d.decidedAt],
    );
    if (inserted.rows.length === 0) {
      const stored = (await tx.query<StoredRow>('SELECT account_id, replaced FROM decisions WHERE id = $1', [d.id])).rows[0]!;
      if (stored.account_id !== principal.accountId) return { id: d.id, status: 'rejected', reasons: ['id: decision.notYours'] };
      return { id: d.id, status: 'duplicate', replaced: stored.replaced ?? null };
    }
    let decided: Decided;
    try {
      if (principal.role === 'officer' && !OFFICER_DECISION_KINDS.includes(d.kind)) throw new DecisionRefused(403, 'validation.reviewersOnly', 'Supervisors and administrators decide on the register.');
      if (d.kind === 'tier.request') decided = await requestTierIn(tx, principal, d.subject, d.request);
      else if (d.kind === 'tier.decide') decided = await decideTierIn(tx, principal, actor, d.subject, d.accept, d.accept ? null : (d.note ?? null), 'outbox');
      else if (d.kind === 'firm.accept') decided = await decideFirmIn(tx, principal, actor, d.subject, null, 'outbox');
      else if (d.kind === 'firm.reject') decided = await decideFirmIn(tx, principal, actor, d.subject, d.note, 'outbox');
      else if (d.kind === 'visit.review') decided = await reviewVisitIn(tx, principal, actor, { decisionId: d.id, visitId: d.subject, revision: d.revision, verdict: d.verdict, comment: d.comment });
      else if (d.kind === 'demand.extend' || d.kind === 'demand.supervise' || d.kind === 'demand.close') decided = await decideDemandIn(tx, principal, actor, d);
      else decided = await settleConflictIn(tx, principal, actor, d.subject, d.keep, 'outbox');
    } catch (error) {
      if (!(error instanceof DecisionRefused)) throw error;
      const reasons = [`subject: ${error.reason}`];
      // A refusal writes nothing but the audit log's row: sent again, the decision is judged again.
      await tx.query('DELETE FROM decisions WHERE id = $1', [d.id]);
      await audit(tx, actor, { action: ACTION[d.kind], object: d.subject, outcome: 'refused', reason: error.reason, detail: { via: 'outbox' } });
      return { id: d.id, status: 'rejected', reasons };
    }
    const note = (d.kind === 'tier.decide' && !d.accept) || d.kind === 'firm.reject' || d.kind === 'demand.supervise' ? (d.note ?? null) : d.kind === 'visit.review' ? d.comment || null : d.kind === 'demand.extend' ? d.reason : null;
    await tx.query(
      `UPDATE decisions SET firm_id = $2, firm_name = $3, county_code = $4, concerns = $5, outcome = $6, note = $7, replaced = $8, revision = $9 WHERE id = $1`,
      [d.id, decided.firmId, decided.firmName, decided.countyCode, decided.concerns, decided.outcome, note, decided.replaced ? JSON.stringify(decided.replaced) : null, d.kind === 'visit.review' ? d.revision : null],
    );
    return { id: d.id, status: 'applied', replaced: decided.replaced };
  });
}

/** An officer's request (or a supervisor's change) of a firm's tier, sent from the outbox: the same rule as online. */
async function requestTierIn(tx: Parameters<Parameters<SqlClient['transaction']>[0]>[0], principal: Principal, firmId: string, request: TierChangeRequest): Promise<Decided> {
  try {
    const change = await changeTierIn(tx, principal, firmId, request, (county) => mayReviewFirm(principal, county) === null, 'outbox');
    return { firmId, firmName: change.firmName, countyCode: change.countyCode, concerns: null, outcome: change.decided ? 'changed' : 'requested', replaced: null };
  } catch (error) {
    if (!(error instanceof KeyFirmError)) throw error;
    const reason = error.status === 404 ? 'decision.notFound' : error.status === 403 ? 'validation.outOfScope' : 'decision.tierSame';
    throw new DecisionRefused(error.status, reason, error.message);
  }
}

/**
 * Judges each queued decision on its own (a malformed one is refused without failing the rest)
 * and applies the good ones once each, in order. Shared by the push and the USB transfer file,
 * so both obey the same rules.
 */
export async function applyDecisions(client: SqlClient, principal: Principal, actor: AuditActor, raws: readonly unknown[]): Promise<DecisionResult[]> {
  const results: DecisionResult[] = [];
  for (const raw of raws) {
    const parsed = QueuedDecision.safeParse(raw, { error: issueToKey });
    if (!parsed.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id.slice(0, 64) : '';
      results.push({ id, status: 'rejected', reasons: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '_'}: ${i.message}`) });
      continue;
    }
    results.push(await applyOnce(client, principal, actor, parsed.data));
  }
  return results;
}
