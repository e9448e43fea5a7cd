import type { FastifyInstance } from 'fastify';
import { DecisionBatch, OPTIONAL_RECEIVED_KINDS } from '../../shared/api/decisions';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { sequenceHorizon } from '../store/sequence-horizon';
import { applyDecisions } from './apply-decisions';

/** The decisions that concern the caller, after `cursor`: an officer's own requests and records; a supervisor's counties. */
async function decisionChangesJson(client: SqlClient, principal: Principal, cursor: bigint, limit: number, optional: readonly string[]): Promise<string> {
  const horizon = await sequenceHorizon(client, 'decisions');
  const officer = principal.role === 'officer';
  const { rows } = await client.query<{ version: string; decision: string }>(
    `SELECT d.version::text AS version, json_build_object(
       'id', d.id, 'kind', d.kind, 'subject', d.subject, 'firmId', d.firm_id, 'firmName', d.firm_name, 'outcome', d.outcome, 'note', d.note,
       'decidedBy', d.decided_by, 'decidedAt', to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'receivedAt', to_char(d.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'replaced', d.replaced, 'revision', d.revision)::text AS decision
     FROM decisions d
     WHERE d.version > $1 AND d.version <= $2 AND d.status = 'applied' AND d.kind <> 'tier.request'
       AND (d.kind <> ALL($7::text[]) OR d.kind = ANY($8::text[]))
       AND (CASE WHEN $3 THEN d.concerns = $4 ELSE ($5::text[] IS NULL OR d.county_code = ANY($5::text[])) END)
     ORDER BY d.version LIMIT $6`,
    [cursor.toString(), horizon.toString(), officer, principal.accountId, principal.countyScope ? [...principal.countyScope] : null, limit + 1, [...OPTIONAL_RECEIVED_KINDS], [...optional]],
  );
  const page = rows.slice(0, limit);
  const latest = page.length ? page[page.length - 1]!.version : horizon.toString();
  const next = BigInt(latest) > cursor ? latest : cursor.toString();
  return `{"protocol":${PROTOCOL_VERSION},"cursor":"${next}","more":${rows.length > limit},"decisions":[${page.map((r) => r.decision).join(',')}]}`;
}

/**
 * Supervisors' decisions (and officers' tier requests) from their laptops' outbox, and the
 * decisions that reach the people they concern. Who may decide comes from the account (a
 * supervisor or admin of the firm's county), never from the request: an officer's decision is
 * refused item by item.
 */
export function decisionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post('/api/v1/decisions/batch', { bodyLimit: 512 * 1024 }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    // Officers send their requests this way too; each item is judged by the account's role (apply-decisions.ts).
    if (principal.role === 'auditor') return sendError(reply, 403, 'FORBIDDEN', 'An auditor account reads the audit log and nothing else.');
    const envelope = DecisionBatch.safeParse(request.body);
    if (!envelope.success) return sendError(reply, 400, 'VALIDATION', 'Not a valid batch of decisions.');
    return { protocol: PROTOCOL_VERSION, results: await applyDecisions(deps.client, principal, requestActor(request), envelope.data.decisions) };
  });

  app.get<{ Querystring: { cursor?: string; with?: string } }>('/api/v1/decisions/changes', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const raw = request.query.cursor ?? '0';
    if (!/^\d{1,19}$/.test(raw)) return sendError(reply, 400, 'VALIDATION', 'cursor must be a non-negative integer.');
    // Kinds a newer laptop reads (visit reviews): sent only to laptops that name them.
    const optional = (request.query.with ?? '').split(',').filter((k) => (OPTIONAL_RECEIVED_KINDS as readonly string[]).includes(k));
    return reply.type('application/json; charset=utf-8').send(await decisionChangesJson(deps.client, principal, BigInt(raw), 500, optional));
  });
}
