import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { PROBLEM_PAGE } from '../../shared/api/problem-sync';
import { requirePrincipal, sendError, type ServerDeps } from '../context';
import { problemChangesJson } from './problem-state-store';

/**
 * Officers (and supervisors, admins) receive the problems of their counties — whoever
 * raised or moved them — so a colleague's problem on a firm they also serve can be
 * followed up. Incremental by version, within the horizon that keeps late commits from
 * being skipped. Scope comes from the account, never from the request.
 */
export function problemRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Querystring: { cursor?: string } }>('/api/v1/problems/changes', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (principal.countyScope && principal.countyScope.length === 0) return sendError(reply, 403, 'NO_SCOPE', 'This account has no county assigned. Ask the administrator to set one.');
    const raw = request.query.cursor ?? '0';
    if (!/^\d{1,19}$/.test(raw)) return sendError(reply, 400, 'VALIDATION', 'cursor must be a non-negative integer.');
    const page = await problemChangesJson(deps.client, BigInt(raw), principal.countyScope, PROBLEM_PAGE);
    return reply.type('application/json; charset=utf-8').send(`{"protocol":${PROTOCOL_VERSION},${page.slice(1)}`);
  });
}
