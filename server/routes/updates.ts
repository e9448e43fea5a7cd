import type { FastifyInstance, FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
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

function multipart(path: string, ranges: ByteRange[], size: number, type: string, boundary: string): { body: Readable; length: number } {
  const heads = ranges.map((r, i) => Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = heads.reduce((n, h) => n + h.length, 0) + ranges.reduce((n, r) => n + r.end - r.start + 1, 0) + tail.length;
  const body = new PassThrough();
  void (async () => {
    try {
      for (const [i, range] of ranges.entries()) {
        if (!body.write(heads[i])) await new Promise((resolve) => body.once('drain', resolve));
        for await (const chunk of createReadStream(path, { start: range.start, end: range.end })) {
          if (!body.write(chunk)) await new Promise((resolve) => body.once('drain', resolve));
        }
      }
      body.end(tail);
    } catch (error) {
      body.destroy(error as Error);
    }
  })();
  return { body, length };
}

export function updateRoutes(app: FastifyInstance, releasesDir: string | undefined): void {
  app.get('/updates/:channel/:file', async (request, reply: FastifyReply) => {
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
    if (ranges === null) {
      reply.header('content-type', type).header('content-length', size);
      return reply.send(createReadStream(path));
    }
    if (ranges.length === 1) {
      const [range] = ranges as [ByteRange];
      reply.code(206).header('content-type', type).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
      return reply.send(createReadStream(path, { start: range.start, end: range.end }));
    }
    const boundary = randomBytes(12).toString('hex');
    const { body, length } = multipart(path, ranges, size, type, boundary);
    reply.code(206).header('content-type', `multipart/byteranges; boundary=${boundary}`).header('content-length', length);
    return reply.send(body);
  });
}
