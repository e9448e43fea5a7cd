import type { FastifyInstance, FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { sendError } from '../context';
import { parseRanges, type ByteRange } from '../releases/byte-ranges';
import { releaseFile } from '../releases/release-store';

/**
 * electron-updater's generic feed: GET /updates/<channel>/<file> serves the feed files,
 * installers and blockmaps published with `server:admin publish-release`, to signed-in
 * laptops only (the device token travels as electron-updater's request header). Range
 * requests, single and multiple, so an update crosses a weak link in small pieces and a
 * dropped download resumes.
 */
const TYPES: [RegExp, string][] = [
  [/\.ya?ml$/i, 'text/yaml; charset=utf-8'],
  [/\.exe$/i, 'application/vnd.microsoft.portable-executable'],
  [/\.deb$/i, 'application/vnd.debian.binary-package'],
];
const typeOf = (name: string) => TYPES.find(([pattern]) => pattern.test(name))?.[1] ?? 'application/octet-stream';

/** Writes to the body; false once the client has gone (the body is destroyed), so the reader stops. */
function write(body: PassThrough, chunk: Buffer): Promise<boolean> {
  if (body.destroyed) return Promise.resolve(false);
  if (body.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = (ok: boolean) => () => {
      body.off('drain', onDrain);
      body.off('close', onClose);
      resolve(ok);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    body.once('drain', onDrain);
    body.once('close', onClose);
  });
}

const READ_BYTES = 64 * 1024;

/**
 * multipart/byteranges from one file handle, read as the client takes it; the handle is
 * closed when the last part is sent or the client goes away, whichever comes first.
 */
function multipartFrame(ranges: ByteRange[], size: number, type: string, boundary: string): { heads: Buffer[]; tail: Buffer; length: number } {
  const heads = ranges.map((r, i) => Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { heads, tail, length: heads.reduce((n, h) => n + h.length, 0) + ranges.reduce((n, r) => n + r.end - r.start + 1, 0) + tail.length };
}

function multipart(path: string, ranges: ByteRange[], frame: ReturnType<typeof multipartFrame>): Readable {
  const { heads, tail } = frame;
  const body = new PassThrough();
  void (async () => {
    let handle: FileHandle | null = null;
    try {
      handle = await open(path, 'r');
      for (const [i, range] of ranges.entries()) {
        if (!(await write(body, heads[i]!))) return;
        for (let at = range.start; at <= range.end; ) {
          const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(Math.min(READ_BYTES, range.end - at + 1)), 0, Math.min(READ_BYTES, range.end - at + 1), at);
          if (bytesRead === 0) throw new Error('the release file shrank while it was being sent');
          if (!(await write(body, buffer.subarray(0, bytesRead)))) return;
          at += bytesRead;
        }
      }
      body.end(tail);
    } catch (error) {
      body.destroy(error as Error);
    } finally {
      await handle?.close();
    }
  })();
  return body;
}

export function updateRoutes(app: FastifyInstance, releasesDir: string | undefined): void {
  // HEAD is its own route: Fastify's automatic one would read a streamed body to the end and drop it.
  app.route({ method: ['GET', 'HEAD'], url: '/updates/:channel/:file', handler: async (request, reply: FastifyReply) => {
    const { channel, file } = request.params as { channel: string; file: string };
    const path = releasesDir ? releaseFile(releasesDir, channel, file) : null;
    if (!path) return sendError(reply, 404, 'NOT_FOUND', 'No such release file on this server.');
    const stat = statSync(path);
    const size = stat.size;
    const type = typeOf(file);
    const etag = `"${size.toString(16)}-${Math.trunc(stat.mtimeMs).toString(16)}"`;
    reply.header('accept-ranges', 'bytes').header('etag', etag).header('last-modified', stat.mtime.toUTCString()).header('cache-control', 'no-cache');
    // If-Range: a resumed download of a file that was replaced meanwhile gets the whole new file.
    const ifRange = request.headers['if-range'];
    const ranges = ifRange && ifRange !== etag ? null : parseRanges(request.headers.range, size);
    if (ranges === 'unsatisfiable') {
      reply.header('content-range', `bytes */${size}`);
      return sendError(reply, 416, 'RANGE_NOT_SATISFIABLE', 'The requested range is outside the file.');
    }
    // HEAD: the headers GET would send, and nothing is read.
    const head = request.method === 'HEAD';
    if (ranges === null) {
      reply.header('content-type', type).header('content-length', size);
      return reply.send(head ? undefined : createReadStream(path));
    }
    if (ranges.length === 1) {
      const [range] = ranges as [ByteRange];
      reply.code(206).header('content-type', type).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
      return reply.send(head ? undefined : createReadStream(path, { start: range.start, end: range.end }));
    }
    const boundary = randomBytes(12).toString('hex');
    reply.code(206).header('content-type', `multipart/byteranges; boundary=${boundary}`);
    const frame = multipartFrame(ranges, size, type, boundary);
    reply.header('content-length', frame.length);
    return head ? reply.send() : reply.send(multipart(path, ranges, frame));
  } });
}
