import type { FastifyInstance } from 'fastify';
import { requirePrincipal, sendError, type ServerDeps } from '../context';
import { importTransfer, TransferError } from '../transfer-import';

/**
 * Upload of a transfer file (from the USB stick, at the office). Any signed-in
 * account may upload it; the file's own signature decides whose visits they are.
 * The answer is the receipt to carry back to the laptop.
 */
export function transferRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.register(async (scope) => {
    // Whole files here (the attachment routes take only chunks): a parser of this scope's own.
    scope.removeContentTypeParser('application/octet-stream');
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 300 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.post('/api/v1/transfers', { bodyLimit: 300 * 1024 * 1024 }, async (request, reply) => {
      if (!requirePrincipal(request, reply)) return reply;
      if (!Buffer.isBuffer(request.body)) return sendError(reply, 400, 'VALIDATION', 'Send the transfer file as application/octet-stream.');
      try {
        return await importTransfer(deps, request.body);
      } catch (error) {
        if (error instanceof TransferError) return sendError(reply, 422, 'TRANSFER_REFUSED', error.message);
        throw error;
      }
    });
  });
}
