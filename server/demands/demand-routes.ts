import type { FastifyInstance } from 'fastify';
import { LimitsSetting } from '../../shared/api/demands';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { LIMITS_KIND, limitsOfItems } from '../../shared/domain/demand/deadlines';
import { URGENCIES } from '../../shared/domain/problem';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { audit } from '../audit/audit-log';
import { acceptWholeFiles, isOctetStream } from '../whole-file';
import { CalendarFileError, importCalendar } from './calendar-import';

const FILE_LIMIT = 1024 * 1024;
const adminsOnly = 'Administrators keep the work calendar and the demand deadlines.';

/**
 * Demands (issue 31): the deadlines in working days by urgency (everyone reads them; only
 * administrators set them) and the work calendar's import (administrators, with a dry run).
 * The role is checked in onRequest, before a body is read.
 */
export function demandRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const onlyAdmins = async (request: { principal?: { role: string } | null }, reply: Parameters<typeof sendError>[0]) => {
    if (request.principal && request.principal.role !== 'admin') return sendError(reply, 403, 'FORBIDDEN', adminsOnly, 'demands.adminOnly');
  };
  app.get('/api/v1/demand-limits', async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    return { protocol: PROTOCOL_VERSION, limits: limitsOfItems(await deps.directory.referenceOf(LIMITS_KIND)) };
  });

  app.put('/api/v1/demand-limits', { bodyLimit: 4 * 1024, onRequest: onlyAdmins }, async (request, reply) => {
    if (!requirePrincipal(request, reply)) return reply;
    const input = LimitsSetting.safeParse((request.body as { limits?: unknown } | null)?.limits);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'Each urgency needs whole working days: taken up ≤ answered ≤ resolved ≤ 30.', 'demands.limitsRange');
    const limits = input.data;
    await deps.directory.upsertReference(
      URGENCIES.map((u, sort) => ({ kind: LIMITS_KIND, code: u, name: u, group: '', sort, active: true, detail: limits[u] })),
      (tx) => audit(tx, requestActor(request), { action: 'demandLimits.changed', detail: Object.fromEntries(URGENCIES.map((u) => [u, `${limits[u].takeUp}/${limits[u].answer}/${limits[u].resolve}`])) }),
    );
    return { protocol: PROTOCOL_VERSION, limits };
  });

  app.register(async (scope) => {
    acceptWholeFiles(scope, FILE_LIMIT);
    scope.post<{ Querystring: { apply?: string; source?: string } }>(
      '/api/v1/calendar/import',
      {
        bodyLimit: FILE_LIMIT,
        onRequest: async (request, reply) => {
          if (request.principal && request.principal.role !== 'admin') return sendError(reply, 403, 'FORBIDDEN', adminsOnly, 'demands.adminOnly');
          if (!isOctetStream(request)) return sendError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as application/octet-stream.');
        },
      },
      async (request, reply) => {
        if (!requirePrincipal(request, reply)) return reply;
        if (!Buffer.isBuffer(request.body)) return sendError(reply, 400, 'VALIDATION', 'Send the file as application/octet-stream.');
        const source = (request.query.source ?? '').trim().slice(0, 300);
        if (source.length < 2) return sendError(reply, 400, 'VALIDATION', 'Name the source of the calendar (the State Council notice).', 'demands.sourceRequired');
        try {
          return { protocol: PROTOCOL_VERSION, ...(await importCalendar(deps.directory, request.body, { apply: request.query.apply === '1', source, actor: requestActor(request) })) };
        } catch (error) {
          if (error instanceof CalendarFileError) return sendError(reply, 422, 'CALENDAR_REFUSED', error.message, 'demands.unreadable');
          throw error;
        }
      },
    );
  });
}
