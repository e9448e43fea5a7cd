import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Routes that take a whole file (a transfer file, the bureau's register) read it as
 * bytes, up to their own limit; the attachment routes take only chunks.
 */
export function acceptWholeFiles(scope: FastifyInstance, limit: number): void {
  scope.removeContentTypeParser('application/octet-stream');
  scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
}

/** The file as it is, nothing else: checked before any byte of the body is read. */
export function isOctetStream(request: FastifyRequest): boolean {
  return /^application\/octet-stream\s*(;|$)/i.test(String(request.headers['content-type'] ?? ''));
}
