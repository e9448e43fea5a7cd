import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FirmChangesRequest } from '../../shared/api/firm-sync';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { mayProposeFirms, mayReviewFirm } from '../authorization';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { applyFirmChanges } from '../register/firm-changes';
import { changeTier, decideTier, KeyFirmError, keyFirmList, tierChanges } from '../register/key-firms';
import type { Principal } from '../store/account-store';
import { TierChangeRequest, TierDecision } from '../../shared/api/key-firms';
import { decideFirmIn, DecisionRefused, settleConflictIn } from '../decisions/decide';

const Resolve = z.strictObject({ keep: z.enum(['register', 'proposed']) });

/**
 * Firms from the field: laptops send their new firms and edits (applied once each,
 * merged or kept as conflicts); supervisors and admins see what waits for them —
 * proposed firms and conflicts of their counties — and decide.
 */
export function firmRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const db = deps.visits.client;

  app.post('/api/v1/firms/changes', { bodyLimit: 2 * 1024 * 1024 }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const refusal = mayProposeFirms(principal);
    if (refusal) return sendError(reply, refusal.status, refusal.code, refusal.message);
    const envelope = FirmChangesRequest.safeParse(request.body);
    if (!envelope.success) return sendError(reply, 400, 'VALIDATION', 'Not a valid batch of firm changes.');
    const results = await applyFirmChanges(db, envelope.data.changes, principal);
    for (const r of results) deps.metrics?.firmChanges.inc({ status: r.status });
    return { protocol: PROTOCOL_VERSION, results };
  });

  app.get('/api/v1/firms/review', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (principal.role === 'officer') return sendError(reply, 403, 'FORBIDDEN', 'Supervisors and administrators decide on the register.');
    const scope = principal.countyScope === null ? null : JSON.stringify(principal.countyScope);
    const proposed = await db.query<{ id: string; county_code: string; data: unknown; proposed_by: string | null }>(
      `SELECT id, county_code, data, proposed_by FROM directory_firms WHERE status = 'proposed' AND NOT deleted AND ($1::jsonb IS NULL OR $1::jsonb ? county_code) ORDER BY id LIMIT 500`,
      [scope],
    );
    const conflicts = await db.query<{ id: string; firm_id: string; firm_name: string | null; field: string; register_value: unknown; proposed_value: unknown; created_at: string }>(
      `SELECT c.id::text AS id, c.firm_id, f.data->>'name' AS firm_name, c.field, c.register_value, c.proposed_value, c.created_at::text AS created_at FROM firm_conflicts c
       JOIN directory_firms f ON f.id = c.firm_id WHERE c.resolved_at IS NULL AND ($1::jsonb IS NULL OR $1::jsonb ? f.county_code) ORDER BY c.id LIMIT 500`,
      [scope],
    );
    const tierRequests = await tierChanges(db, { openIn: principal.countyScope });
    return { protocol: PROTOCOL_VERSION, proposed: proposed.rows, conflicts: conflicts.rows, tierRequests };
  });

  const keyFirmError = (reply: Parameters<typeof sendError>[0], error: unknown) => {
    if (error instanceof KeyFirmError) return sendError(reply, error.status, error.status === 404 ? 'NOT_FOUND' : error.status === 403 ? 'FORBIDDEN' : 'CONFLICT', error.message);
    throw error;
  };
  const decider = (principal: Principal) => (county: string) => mayReviewFirm(principal, county) === null;

  // The key-firm list: supervisors and admins change a tier at once; an officer's request waits for them.
  app.post<{ Params: { id: string } }>('/api/v1/firms/:id/tier', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const input = TierChangeRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'field (keyTier or zjtxLevel), to and a reason are required.');
    try {
      return { protocol: PROTOCOL_VERSION, change: await changeTier(db, principal, request.params.id.slice(0, 64), input.data, decider(principal)) };
    } catch (error) {
      return keyFirmError(reply, error);
    }
  });

  app.post<{ Params: { id: string } }>('/api/v1/firms/tier-changes/:id/decide', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (!/^\d{1,18}$/.test(request.params.id)) return sendError(reply, 400, 'VALIDATION', 'The request id is a number.');
    const input = TierDecision.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'Say whether to accept: { "accept": true } or { "accept": false, "note": "why" } (a decline gives its reason, 2–200 characters).', 'validation.declineReason');
    try {
      return { protocol: PROTOCOL_VERSION, change: await decideTier(db, principal, request.params.id, input.data.accept, input.data.accept ? null : (input.data.note ?? null)) };
    } catch (error) {
      return keyFirmError(reply, error);
    }
  });

  app.get<{ Params: { id: string } }>('/api/v1/firms/:id/tier-history', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const { rows } = await db.query<{ county_code: string }>('SELECT county_code FROM directory_firms WHERE id = $1', [request.params.id.slice(0, 64)]);
    if (!rows[0]) return sendError(reply, 404, 'NOT_FOUND', 'No such firm in the register.');
    if (principal.countyScope && !principal.countyScope.includes(rows[0].county_code)) return sendError(reply, 403, 'FORBIDDEN', 'The firm is outside the counties of this account.');
    return { protocol: PROTOCOL_VERSION, changes: await tierChanges(db, { firmId: request.params.id }) };
  });

  // The key-firm list as of a day (Beijing time) and its changes over a period: supervisors and admins.
  app.get<{ Querystring: { asOf?: string; from?: string; to?: string } }>('/api/v1/key-firms', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (principal.role === 'officer') return sendError(reply, 403, 'FORBIDDEN', 'Supervisors and administrators read the key-firm list.');
    const { asOf = '', from = '', to = '' } = request.query;
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (![asOf, from, to].every((d) => day.test(d) && !Number.isNaN(Date.parse(d))) || from > to) return sendError(reply, 400, 'VALIDATION', 'asOf, from and to are dates (YYYY-MM-DD), from not after to.');
    return { protocol: PROTOCOL_VERSION, ...(await keyFirmList(db, principal.countyScope, asOf, from, to)) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/firms/:id/accept', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    try {
      await db.transaction((tx) => decideFirmIn(tx, principal, requestActor(request), request.params.id.slice(0, 64), null, 'online'));
    } catch (error) {
      return decisionError(reply, error);
    }
    return { protocol: PROTOCOL_VERSION, accepted: true };
  });

  app.post<{ Params: { id: string } }>('/api/v1/firms/conflicts/:id/resolve', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (!/^\d{1,18}$/.test(request.params.id)) return sendError(reply, 400, 'VALIDATION', 'The conflict id is a number.');
    const input = Resolve.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'Say which value to keep: register or proposed.');
    try {
      await db.transaction((tx) => settleConflictIn(tx, principal, requestActor(request), request.params.id, input.data.keep, 'online'));
    } catch (error) {
      return decisionError(reply, error);
    }
    return { protocol: PROTOCOL_VERSION, resolved: true };
  });
}

/** A refused decision as the online routes answer it. */
function decisionError(reply: Parameters<typeof sendError>[0], error: unknown) {
  if (!(error instanceof DecisionRefused)) throw error;
  return sendError(reply, error.status, error.status === 404 ? 'NOT_FOUND' : error.status === 403 ? 'FORBIDDEN' : 'CONFLICT', error.message);
}
