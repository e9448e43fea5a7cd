import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { requirePrincipal, sendError, type ServerDeps } from '../context';

/** Directory pull: what changed after the caller's cursor, within their counties. */
export function directoryRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Querystring: { cursor?: string } }>('/api/v1/directory', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const raw = request.query.cursor ?? '0';
    if (!/^\d{1,19}$/.test(raw)) return sendError(reply, 400, 'VALIDATION', 'cursor must be a non-negative integer.');
    return { protocol: PROTOCOL_VERSION, ...(await deps.directory.changesSince(BigInt(raw), principal.countyScope)) };
  });
}
