import type { FastifyInstance } from 'fastify';
import { DecisionBatch, QueuedDecision, type DecisionKind, type DecisionResult } from '../../shared/api/decisions';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import type { ServerAuditAction } from '../../shared/api/audit';
import { issueToKey } from '../../shared/domain/validation-keys';
import { audit, type AuditActor } from '../audit/audit-log';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { holdSequence, sequenceHorizon } from '../store/sequence-horizon';
import { acceptFirmIn, DecisionRefused, decideTierIn, settleConflictIn, type Decided } from './decide';

const ACTION: Record<DecisionKind, ServerAuditAction> = { 'tier.decide': 'tier.decided', 'firm.accept': 'firm.accepted', 'conflict.resolve': 'firm.conflictSettled' };

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
      if (d.kind === 'tier.decide') decided = await decideTierIn(tx, principal, actor, d.subject, d.accept, d.accept ? null : (d.note ?? null), 'outbox');
      else if (d.kind === 'firm.accept') decided = await acceptFirmIn(tx, principal, actor, d.subject, 'outbox');
      else decided = await settleConflictIn(tx, principal, actor, d.subject, d.keep, 'outbox');
    } catch (error) {
      if (!(error instanceof DecisionRefused)) throw error;
      const reasons = [`subject: ${error.reason}`];
      // A refusal writes nothing but the audit log's row: sent again, the decision is judged again.
      await tx.query('DELETE FROM decisions WHERE id = $1', [d.id]);
      await audit(tx, actor, { action: ACTION[d.kind], object: d.subject, outcome: 'refused', reason: error.reason, detail: { via: 'outbox' } });
      return { id: d.id, status: 'rejected', reasons };
    }
    const note = d.kind === 'tier.decide' && !d.accept ? (d.note ?? null) : null;
    await tx.query(
      `UPDATE decisions SET firm_id = $2, firm_name = $3, county_code = $4, concerns = $5, outcome = $6, note = $7, replaced = $8 WHERE id = $1`,
      [d.id, decided.firmId, decided.firmName, decided.countyCode, decided.concerns, decided.outcome, note, decided.replaced ? JSON.stringify(decided.replaced) : null],
    );
    return { id: d.id, status: 'applied', replaced: decided.replaced };
  });
}

/** The decisions that concern the caller, after `cursor`: an officer's own requests and records; a supervisor's counties. */
async function decisionChangesJson(client: SqlClient, principal: Principal, cursor: bigint, limit: number): Promise<string> {
  const horizon = await sequenceHorizon(client, 'decisions');
  const officer = principal.role === 'officer';
  const { rows } = await client.query<{ version: string; decision: string }>(
    `SELECT d.version::text AS version, json_build_object(
       'id', d.id, 'kind', d.kind, 'subject', d.subject, 'firmId', d.firm_id, 'firmName', d.firm_name, 'outcome', d.outcome, 'note', d.note,
       'decidedBy', d.decided_by, 'decidedAt', to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'receivedAt', to_char(d.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'replaced', d.replaced)::text AS decision
     FROM decisions d
     WHERE d.version > $1 AND d.version <= $2 AND d.status = 'applied'
       AND (CASE WHEN $3 THEN d.concerns = $4 ELSE ($5::text[] IS NULL OR d.county_code = ANY($5::text[])) END)
     ORDER BY d.version LIMIT $6`,
    [cursor.toString(), horizon.toString(), officer, principal.accountId, principal.countyScope ? [...principal.countyScope] : null, limit + 1],
  );
  const page = rows.slice(0, limit);
  const latest = page.length ? page[page.length - 1]!.version : horizon.toString();
  const next = BigInt(latest) > cursor ? latest : cursor.toString();
  return `{"protocol":${PROTOCOL_VERSION},"cursor":"${next}","more":${rows.length > limit},"decisions":[${page.map((r) => r.decision).join(',')}]}`;
}

/**
 * Supervisors' decisions from their laptops' outbox, and the decisions that reach the people
 * they concern. Who may decide comes from the account (a supervisor or admin of the firm's
 * county), never from the request; an officer's batch is refused whole.
 */
export function decisionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post('/api/v1/decisions/batch', { bodyLimit: 512 * 1024 }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (principal.role !== 'supervisor' && principal.role !== 'admin') return sendError(reply, 403, 'FORBIDDEN', 'Supervisors and administrators decide on the register.');
    const envelope = DecisionBatch.safeParse(request.body);
    if (!envelope.success) return sendError(reply, 400, 'VALIDATION', 'Not a valid batch of decisions.');
    const actor = requestActor(request);
    const results: DecisionResult[] = [];
    for (const raw of envelope.data.decisions) {
      const parsed = QueuedDecision.safeParse(raw, { error: issueToKey });
      if (!parsed.success) {
        const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id.slice(0, 64) : '';
        results.push({ id, status: 'rejected', reasons: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '_'}: ${i.message}`) });
        continue;
      }
      results.push(await applyOnce(deps.client, principal, actor, parsed.data));
    }
    return { protocol: PROTOCOL_VERSION, results };
  });

  app.get<{ Querystring: { cursor?: string } }>('/api/v1/decisions/changes', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const raw = request.query.cursor ?? '0';
    if (!/^\d{1,19}$/.test(raw)) return sendError(reply, 400, 'VALIDATION', 'cursor must be a non-negative integer.');
    return reply.type('application/json; charset=utf-8').send(await decisionChangesJson(deps.client, principal, BigInt(raw), 500));
  });
}
