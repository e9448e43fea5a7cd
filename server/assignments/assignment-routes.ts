import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AssignRequest } from '../../shared/api/assignments';
import { Cadence, CADENCE_KIND, cadenceOf } from '../../shared/domain/cadence';
import { KEY_TIERS } from '../../shared/domain/firm';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { audit } from '../audit/audit-log';
import { acceptWholeFiles, isOctetStream } from '../whole-file';
import { AssignmentFileError, importAssignments } from './assignment-import';
import { AssignmentRefused, assignableOfficers, assignFirms, assignmentHistory, mayAssign } from './assignment-store';

const FILE_LIMIT = 4 * 1024 * 1024;
const TIER_NAMES = { key: '重点企业', cultivated: '培育企业', none: '其他企业' } as const;

const refused = (reply: FastifyReply, error: unknown) => {
  if (error instanceof AssignmentRefused) return sendError(reply, error.status, error.status === 403 ? 'FORBIDDEN' : error.status === 404 ? 'NOT_FOUND' : 'ASSIGNMENT_REFUSED', error.message, error.key);
  throw error;
};

/**
 * 包联 (issue 30): who answers for each firm, its history, the officers an assigner may name, the
 * assignment list import (administrators), and the bureau's visit cadence by tier. The role is
 * checked from the account before a body is read.
 */
export function assignmentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const assignersOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.principal && !mayAssign(request.principal)) return sendError(reply, 403, 'FORBIDDEN', 'Supervisors and administrators assign firms.', 'assignments.refused.notAssigner');
  };

  app.get('/api/v1/assignments/officers', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    try {
      return { protocol: PROTOCOL_VERSION, officers: await assignableOfficers(deps.client, principal) };
    } catch (error) {
      return refused(reply, error);
    }
  });

  app.post('/api/v1/assignments', { bodyLimit: 64 * 1024, onRequest: assignersOnly }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const input = AssignRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', `Not a valid assignment: ${input.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    try {
      return { protocol: PROTOCOL_VERSION, ...(await assignFirms(deps.client, principal, input.data, requestActor(request), deps.now())) };
    } catch (error) {
      return refused(reply, error);
    }
  });

  app.get<{ Params: { id: string } }>('/api/v1/firms/:id/assignments', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (principal.role === 'auditor') return sendError(reply, 403, 'FORBIDDEN', 'An auditor account reads the audit log and nothing else.');
    try {
      return { protocol: PROTOCOL_VERSION, ...(await assignmentHistory(deps.client, principal, request.params.id)) };
    } catch (error) {
      return refused(reply, error);
    }
  });

  app.get('/api/v1/cadence', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    return { protocol: PROTOCOL_VERSION, cadence: cadenceOf(await deps.directory.referenceOf(CADENCE_KIND)) };
  });

  app.put('/api/v1/cadence', { bodyLimit: 4 * 1024, onRequest: async (request, reply) => { if (request.principal && request.principal.role !== 'admin') return sendError(reply, 403, 'FORBIDDEN', 'Administrators set the visit cadence.', 'assignments.refused.adminOnly'); } }, async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    const input = Cadence.safeParse((request.body as { cadence?: unknown } | null)?.cadence);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'Each tier needs a whole number of days from 7 to 366.', 'assignments.cadenceRange');
    const cadence = input.data;
    await deps.directory.upsertReference(
      KEY_TIERS.map((tier, sort) => ({ kind: CADENCE_KIND, code: tier, name: TIER_NAMES[tier], group: '', sort, active: true, detail: { days: cadence[tier] } })),
      (tx) => audit(tx, requestActor(request), { action: 'cadence.changed', detail: { key: cadence.key, cultivated: cadence.cultivated, none: cadence.none } }),
    );
    return { protocol: PROTOCOL_VERSION, cadence };
  });

  app.register(async (scope) => {
    acceptWholeFiles(scope, FILE_LIMIT);
    scope.post<{ Querystring: { apply?: string; source?: string } }>(
      '/api/v1/assignments/import',
      {
        bodyLimit: FILE_LIMIT,
        onRequest: async (request, reply) => {
          if (request.principal && request.principal.role !== 'admin') return sendError(reply, 403, 'FORBIDDEN', 'Administrators import assignment lists.', 'assignments.refused.adminOnly');
          if (!isOctetStream(request)) return sendError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/octet-stream.');
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, reply);
        if (!principal) return reply;
        if (!Buffer.isBuffer(request.body)) return sendError(reply, 400, 'VALIDATION', 'Send the file as application/octet-stream.');
        try {
          const report = await importAssignments(deps.client, principal, request.body, { apply: request.query.apply === '1', source: (request.query.source ?? '').slice(0, 200), actor: requestActor(request), now: deps.now() });
          return { protocol: PROTOCOL_VERSION, ...report };
        } catch (error) {
          if (error instanceof AssignmentFileError) return sendError(reply, 422, 'ASSIGNMENTS_REFUSED', error.message, 'assignments.unreadable');
          throw error;
        }
      },
    );
  });
}
