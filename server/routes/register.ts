import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { mayManageRegister } from '../authorization';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { importRegister } from '../register/import';
import { RegisterFileError } from '../register/read-file';
import { registerTemplate, TEMPLATE_FILE_NAME } from '../register/template';
import { acceptWholeFiles, isOctetStream } from '../whole-file';

export const REGISTER_UPLOAD_LIMIT = 20 * 1024 * 1024;

/** The bureau's register: import its list (dry run first, then apply) and the template to fill. Admins only. */
export function registerRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.register(async (scope) => {
    acceptWholeFiles(scope, REGISTER_UPLOAD_LIMIT);
    scope.post<{ Querystring: { apply?: string } }>(
      '/api/v1/register/import',
      {
        bodyLimit: REGISTER_UPLOAD_LIMIT,
        onRequest: async (request, reply) => {
          const refusal = request.principal ? mayManageRegister(request.principal) : null;
          if (refusal) return sendError(reply, refusal.status, refusal.code, refusal.message);
          if (!isOctetStream(request)) return sendError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the XLSX or CSV file as application/octet-stream.');
        },
      },
      async (request, reply) => {
        if (!requirePrincipal(request, reply)) return reply;
        if (!Buffer.isBuffer(request.body)) return sendError(reply, 400, 'VALIDATION', 'Send the XLSX or CSV file as application/octet-stream.');
        try {
          return { protocol: PROTOCOL_VERSION, ...(await importRegister(deps.visits.client, request.body, request.query.apply === '1', request.principal!.accountId, requestActor(request))) };
        } catch (error) {
          if (error instanceof RegisterFileError) return sendError(reply, 422, 'REGISTER_REFUSED', error.message, error.code);
          throw error;
        }
      },
    );
  });
  app.get('/api/v1/register/template', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const refusal = mayManageRegister(principal);
    if (refusal) return sendError(reply, refusal.status, refusal.code, refusal.message);
    return { protocol: PROTOCOL_VERSION, fileName: TEMPLATE_FILE_NAME, contentBase64: (await registerTemplate()).toString('base64') };
  });
}
