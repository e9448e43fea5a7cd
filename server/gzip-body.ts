import type { FastifyInstance } from 'fastify';
import { createGunzip, gzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * Accepts gzip request bodies. The body limit is counted on the decompressed
 * stream, so a small "zip bomb" is refused with 413 like any oversize body.
 */
export function acceptGzipBodies(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding'];
    if (!encoding || encoding === 'identity') return payload;
    if (encoding !== 'gzip') {
      const error = new Error(`Unsupported content-encoding: ${encoding}`) as Error & { statusCode: number };
      error.statusCode = 415;
      throw error;
    }
    let received = 0;
    payload.on('data', (chunk: Buffer) => {
      received += chunk.length;
      (gunzip as unknown as { receivedEncodedLength: number }).receivedEncodedLength = received;
    });
    const gunzip = createGunzip();
    payload.pipe(gunzip);
    payload.on('error', (err) => gunzip.destroy(err));
    return gunzip as unknown as Readable & { receivedEncodedLength?: number };
  });
}

/** Gzips JSON answers over 1 KB for clients that accept it: per-item push results shrink to a third on slow links. */
export function compressResponses(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < 1024) return payload;
    if (!/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return payload;
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'accept-encoding');
    reply.removeHeader('content-length');
    return gzipSync(payload);
  });
}
