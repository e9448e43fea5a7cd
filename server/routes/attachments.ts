import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ATTACHMENT_CHUNK, PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { storableText } from '../../shared/domain/storable-text';
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

const Whole = Declare.omit({ size: true });

/** The file name header as sent (percent-encoded UTF-8), or undefined when it does not decode to text the database can hold. */
function decodedName(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  try {
    const name = decodeURIComponent(header);
    return storableText(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

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

  // A file of at most one chunk in one request: the declaration rides in headers (the
  // name percent-encoded: it is usually Chinese), the bytes are the body. A laptop sends
  // most photos this way; larger files go declare-then-PATCH, resumable chunk by chunk.
  app.put<{ Params: { id: string } }>('/api/v1/attachments/:id', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const input = Whole.safeParse({ id: request.params.id, visitId: request.headers['x-visit-id'], fileName: decodedName(request.headers['x-file-name']), sha256: request.headers['x-sha256'] });
    if (!input.success || !Buffer.isBuffer(request.body)) return sendError(reply, 400, 'VALIDATION', 'Send the file as application/octet-stream with x-visit-id, x-file-name (percent-encoded) and x-sha256 headers.');
    const bytes = request.body;
    if (bytes.length > ATTACHMENT_CHUNK) return sendError(reply, 413, 'TOO_LARGE', `Files over ${ATTACHMENT_CHUNK} bytes go in chunks: declare them first.`);
    try {
      await authorizeAttachment(deps, principal, input.data.visitId);
      if (createHash('sha256').update(bytes).digest('hex') !== input.data.sha256) throw new AttachmentError(422, 'HASH_MISMATCH', 'The file does not match its SHA-256; send it again.');
      return { protocol: PROTOCOL_VERSION, ...(await deps.attachments.putWhole({ ...input.data, accountId: principal.accountId, bytes })) };
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
