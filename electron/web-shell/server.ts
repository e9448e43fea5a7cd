import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WEB_KEY_HEADER } from '../../shared/api/bridge';
import type { AppSurface } from '../services/encryption/store-gate';
import type { DownloadPlatform } from './downloads';
import { CSP, HttpError, MIME, readBody, sameSecret, sendJson } from './http-util';

export interface WebShellOptions {
  app: AppSurface;
  downloads: DownloadPlatform;
  staticDir: string;
  secret: string;
  port: number;
  /** Loopback only; the shell is never reachable from the network. */
  host?: '127.0.0.1';
}

export interface WebShell {
  url: string;
  origin: string;
  server: Server;
  close(): Promise<void>;
}

const MAX_INVOKE_BYTES = 4 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The same API as Electron's IPC, over loopback HTTP: the built renderer, one
 * invoke endpoint, server-sent events for `on`, and one-shot downloads. Every
 * request must name this server in its Host header (no DNS rebinding) and every
 * API call must carry the per-launch secret (no cross-site requests).
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { app, downloads, secret } = options;
  const staticRoot = resolve(options.staticDir);
  const sseClients = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const unsubscribe = app.events.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) throw new HttpError(421, 'Unexpected Host header');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/invoke') {
      if (req.method !== 'POST') throw new HttpError(405, 'POST only');
      if (!sameSecret(req.headers[WEB_KEY_HEADER] as string | undefined, secret)) throw new HttpError(403, 'Missing or wrong key');
      let call: { method?: unknown; input?: unknown };
      try {
        call = JSON.parse(await readBody(req, MAX_INVOKE_BYTES)) as typeof call;
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(400, 'Body is not JSON');
      }
      return sendJson(res, 200, await app.dispatch(call?.method, call?.input));
    }
    if (url.pathname === '/api/attachments') {
      if (req.method !== 'POST') throw new HttpError(405, 'POST only');
      if (!sameSecret(req.headers[WEB_KEY_HEADER] as string | undefined, secret)) throw new HttpError(403, 'Missing or wrong key');
      if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) throw new HttpError(413, 'File too large');
      return sendJson(res, 200, await app.uploadAttachment(url.searchParams.get('visitId'), url.searchParams.get('name'), req));
    }
    if (url.pathname === '/api/events') {
      if (!sameSecret(url.searchParams.get('k'), secret)) throw new HttpError(403, 'Missing or wrong key');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/download/')) {
      if (!sameSecret(req.headers[WEB_KEY_HEADER] as string | undefined, secret)) throw new HttpError(403, 'Missing or wrong key');
      const file = downloads.take(url.pathname.slice('/api/download/'.length));
      if (!file) throw new HttpError(404, 'Download expired');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'cache-control': 'no-store',
      });
      createReadStream(file.path).on('end', file.done).pipe(res);
      return;
    }
    if (url.pathname.startsWith('/api/')) throw new HttpError(404, 'No such endpoint');
    return serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      throw new HttpError(400, 'The address is not valid percent-encoded text.');
    }
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    let file = join(staticRoot, relative);
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) throw new HttpError(404, 'Not found');
    if (!existsSync(file) || !statSync(file).isFile()) file = join(staticRoot, 'index.html');
    if (!existsSync(file)) throw new HttpError(500, 'The renderer is not built. Run `npm run build:renderer`.');
    const headers: Record<string, string> = {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status >= 500) console.error('[web-shell]', error);
      // A server-side failure says so in general terms: its details go to the log, never to the page.
      const body =
        status >= 500
          ? { code: 'INTERNAL', message: 'Something went wrong inside the app. Your data is safe; please try again.' }
          : { code: status === 413 || status === 400 ? 'VALIDATION' : status === 404 ? 'NOT_FOUND' : 'FORBIDDEN', message: (error as Error).message };
      if (!res.headersSent) sendJson(res, status, { ok: false, error: body });
      else res.end();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host ?? '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/#k=${secret}`,
    server,
    async close() {
      unsubscribe();
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
