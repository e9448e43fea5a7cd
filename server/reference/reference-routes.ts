import type { FastifyInstance } from 'fastify';
import { MAINTAINED_KINDS, type MaintainedKind } from '../../shared/api/reference-lists';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { acceptWholeFiles, isOctetStream } from '../whole-file';
import { importReferenceList, ReferenceFileError, referenceList, unmatchedBanks } from './reference-lists';

const LIMIT = 2 * 1024 * 1024;
const isKind = (kind: string): kind is MaintainedKind => (MAINTAINED_KINDS as readonly string[]).includes(kind);

/** The reference lists administrators maintain (banks, departments): read, import with a dry run, and the banks typed that no entry matches. */
export function referenceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const adminOnly = (role: string | undefined) => role === 'admin';
  app.get<{ Params: { kind: string } }>('/api/v1/reference/:kind', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (!adminOnly(principal.role)) return sendError(reply, 403, 'FORBIDDEN', 'Administrators maintain the reference lists.');
    if (!isKind(request.params.kind)) return sendError(reply, 404, 'NOT_FOUND', 'No such reference list.');
    return { protocol: PROTOCOL_VERSION, items: await referenceList(deps.directory, request.params.kind) };
  });
  app.get('/api/v1/reference-unmatched/bank', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (!adminOnly(principal.role)) return sendError(reply, 403, 'FORBIDDEN', 'Administrators maintain the reference lists.');
    return { protocol: PROTOCOL_VERSION, names: await unmatchedBanks(deps.client, deps.directory) };
  });
  app.register(async (scope) => {
    acceptWholeFiles(scope, LIMIT);
    scope.post<{ Params: { kind: string }; Querystring: { apply?: string; source?: string } }>(
      '/api/v1/reference/:kind/import',
      {
        bodyLimit: LIMIT,
        onRequest: async (request, reply) => {
          if (request.principal && !adminOnly(request.principal.role)) return sendError(reply, 403, 'FORBIDDEN', 'Administrators maintain the reference lists.');
          if (!isOctetStream(request)) return sendError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the CSV file as application/octet-stream.');
        },
      },
      async (request, reply) => {
        if (!requirePrincipal(request, reply)) return reply;
        if (!isKind(request.params.kind)) return sendError(reply, 404, 'NOT_FOUND', 'No such reference list.');
        if (!Buffer.isBuffer(request.body)) return sendError(reply, 400, 'VALIDATION', 'Send the CSV file as application/octet-stream.');
        const source = (request.query.source ?? '').slice(0, 200);
        try {
          return { protocol: PROTOCOL_VERSION, ...(await importReferenceList(deps.directory, request.params.kind, request.body, { apply: request.query.apply === '1', source, actor: requestActor(request) })) };
        } catch (error) {
          if (error instanceof ReferenceFileError) return sendError(reply, 422, 'REFERENCE_REFUSED', error.message, 'referenceLists.unreadable');
          throw error;
        }
      },
    );
  });
}
