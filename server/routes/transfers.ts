import type { FastifyInstance } from 'fastify';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { importTransfer, TransferError, TRANSFER_UPLOAD_LIMIT } from '../transfer-import';
import { acceptWholeFiles, isOctetStream } from '../whole-file';
import { ForbiddenWrite } from './visits';

/**
 * Upload of a transfer file (from the USB stick, at the office). Any signed-in
 * account may upload it; the file's own signature decides whose visits and decisions
 * they are, and that account must be allowed to make them (a supervisor's visits are
 * refused; an officer's decisions are refused one by one).
 * The answer is the receipt to carry back to the laptop.
 */
export function transferRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.register(async (scope) => {
    acceptWholeFiles(scope, TRANSFER_UPLOAD_LIMIT);
    scope.post(
      '/api/v1/transfers',
      {
        bodyLimit: TRANSFER_UPLOAD_LIMIT,
        // The file as it is on the stick, nothing else: refused before any byte is read.
        onRequest: async (request, reply) => {
          if (!isOctetStream(request)) return sendError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the transfer file as application/octet-stream.');
          if (request.headers['content-encoding'] && request.headers['content-encoding'] !== 'identity') return sendError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the transfer file as it is, without content-encoding.');
        },
      },
      async (request, reply) => {
        if (!requirePrincipal(request, reply)) return reply;
        if (!Buffer.isBuffer(request.body)) return sendError(reply, 400, 'VALIDATION', 'Send the transfer file as application/octet-stream.');
        try {
          return await importTransfer(deps, request.body, requestActor(request));
        } catch (error) {
          if (error instanceof TransferError) return sendError(reply, error.status, error.code, error.message);
          if (error instanceof ForbiddenWrite) return sendError(reply, 403, 'FORBIDDEN', `The account that made this file may not push visits: ${error.message}`);
          throw error;
        }
      },
    );
  });
}
