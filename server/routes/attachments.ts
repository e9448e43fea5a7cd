import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ATTACHMENT_CHUNK, PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { requirePrincipal, sendError, type ServerDeps } from '../context';
import { mayAttach } from '../authorization';
import type { Principal } from '../store/account-store';
import { AttachmentError } from '../store/attachment-store';

const Declare = z.strictObject({
  id: z.uuid(),
  visitId: z.uuid(),
  fileName: z.string().min(1).max(200),
  size: z.number().int().min(0).max(50 * 1024 * 1024),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Files may be attached only to a visit the server has, by the account that pushed it (authorization.mayAttach). */
export async function authorizeAttachment(deps: ServerDeps, principal: Principal, visitId: string): Promise<void> {
  const owner = await deps.visits.owner(visitId);
  if (owner === null) throw new AttachmentError(404, 'NOT_FOUND', 'Push the visit before its attachments.');
  const refusal = mayAttach(principal, owner);
  if (refusal) throw new AttachmentError(refusal.status, refusal.code, refusal.message);
}

/** Resumable attachment upload: declare (answers how much has arrived), then PATCH chunks at that offset. */
export function attachmentRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: ATTACHMENT_CHUNK * 2 }, (_req, body, done) => done(null, body));

  const fail = (reply: Parameters<typeof sendError>[0], error: unknown) => {
    if (error instanceof AttachmentError) return sendError(reply, error.status, error.code, error.message);
    throw error;
  };

  app.post('/api/v1/attachments', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const input = Declare.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'id, visitId, fileName, size and sha256 are required.');
    try {
      await authorizeAttachment(deps, principal, input.data.visitId);
      return { protocol: PROTOCOL_VERSION, ...(await deps.attachments.declare({ ...input.data, accountId: principal.accountId })) };
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.patch<{ Params: { id: string } }>('/api/v1/attachments/:id', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (!z.uuid().safeParse(request.params.id).success) return sendError(reply, 400, 'VALIDATION', 'The attachment id is not a UUID.');
    const offset = Number(request.headers['x-offset']);
    if (!Number.isInteger(offset) || offset < 0 || !Buffer.isBuffer(request.body)) return sendError(reply, 400, 'VALIDATION', 'Send the bytes as application/octet-stream with an x-offset header.');
    try {
      return { protocol: PROTOCOL_VERSION, ...(await deps.attachments.append(request.params.id, principal.accountId, offset, request.body)) };
    } catch (error) {
      return fail(reply, error);
    }
  });
}
