import type { FastifyInstance } from 'fastify';
import { promisify } from 'node:util';
import { createGunzip, gzip, gzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';

const gzipAsync = promisify(gzip);
/** Responses from this size on are gzipped in the zlib thread pool (compressResponses says why). */
const ASYNC_GZIP_FROM = 64 * 1024;

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
    // A pull page (a few hundred KB) compresses in the zlib thread pool: done inline it held
    // the event loop for milliseconds while other laptops' requests waited. Small answers are
    // cheaper inline than the hand-off.
    return payload.length < ASYNC_GZIP_FROM ? gzipSync(payload) : gzipAsync(payload);
  });
}
