import Fastify, { type FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { HealthBody, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../shared/api/sync-protocol';
import { sendError, type ServerDeps } from './context';
import { acceptGzipBodies, compressResponses } from './gzip-body';
import { attachmentRoutes } from './routes/attachments';
import { directoryRoutes } from './routes/directory';
import { sessionRoutes } from './routes/session';
import { transferRoutes } from './routes/transfers';
import { visitRoutes } from './routes/visits';
import type { Principal } from './store/account-store';

export interface ServerOptions extends Omit<ServerDeps, 'now'> {
  /** A shared development token acting as an admin device; only when XUNLIAN_DEV_TOKEN is set. */
  devToken?: string | undefined;
  bodyLimitBytes?: number;
  now?: () => Date;
  logger?: boolean;
}

const DEV_PRINCIPAL: Principal = { accountId: 'dev', username: 'dev', displayName: 'Development', role: 'admin', countyScope: null, deviceId: 'dev' };

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The central server: health, sign-in, idempotent batch push, scoped reads,
 * directory pull. Every answer, errors included, is JSON with the protocol header.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const deps: ServerDeps = { visits: options.visits, accounts: options.accounts, directory: options.directory, attachments: options.attachments, now: options.now ?? (() => new Date()) };
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimitBytes ?? 8 * 1024 * 1024, trustProxy: false });
  acceptGzipBodies(app);
  compressResponses(app);
  app.decorateRequest('principal', null);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    return payload;
  });

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) return;
    request.principal = options.devToken && sameToken(token, options.devToken) ? DEV_PRINCIPAL : await deps.accounts.byToken(token);
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, 'TOO_LARGE', 'The request is larger than the server accepts. Send fewer visits per batch.');
    if (status >= 500) {
      app.log.error(error);
      return sendError(reply, status, 'INTERNAL', 'The server failed to handle the request.');
    }
    return sendError(reply, status, error.code ?? 'BAD_REQUEST', error.message);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'NOT_FOUND', 'No such endpoint.'));

  app.get('/api/v1/health', async () => HealthBody.parse({ protocol: PROTOCOL_VERSION, status: 'ok', time: deps.now().toISOString() }));
  sessionRoutes(app, deps);
  visitRoutes(app, deps);
  directoryRoutes(app, deps);
  attachmentRoutes(app, deps);
  transferRoutes(app, deps);
  return app;
}
