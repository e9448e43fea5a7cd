import Fastify, { type FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { HealthBody, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../shared/api/sync-protocol';
import { requestActor, sendError, type ServerDeps } from './context';
import { acceptGzipBodies, compressResponses } from './gzip-body';
import { refuseUnstorableJson } from './text-guard';
import { attachmentRoutes } from './routes/attachments';
import { directoryRoutes } from './routes/directory';
import { firmRoutes } from './routes/firms';
import { registerRoutes } from './routes/register';
import { sessionRoutes } from './routes/session';
import { clock } from '../shared/clock';
import { passwordRoutes } from './passwords/password-routes';
import { totpRoutes } from './totp/totp-routes';
import { transferRoutes } from './routes/transfers';
import { visitRoutes } from './routes/visits';
import { problemRoutes } from './problems/problem-routes';
import { decisionRoutes } from './decisions/decision-routes';
import { assignmentRoutes } from './assignments/assignment-routes';
import { demandRoutes } from './demands/demand-routes';
import { updateRoutes } from './routes/updates';
import { auditRoutes } from './audit/audit-routes';
import { accountRoutes } from './accounts/account-routes';
import { referenceRoutes } from './reference/reference-routes';
import { AccountAdmin } from './accounts/account-admin';
import { auditAlone } from './audit/audit-log';
import type { Principal } from './store/account-store';
import { isDatabaseUnavailable, OUTAGE_RETRY_AFTER_SECONDS } from './store/database-outage';
import type { Registry } from 'prom-client';
import { createMetrics, LOGGER_OPTIONS, observeRequests, requestIdOf } from './observability';

export interface ServerOptions extends Omit<ServerDeps, 'now' | 'accountAdmin'> {
  /** Days after which a password must be changed (shown on the accounts screen). */
  passwordMaxAgeDays: number;
  /** A shared development token acting as an admin device; only when XUNLIAN_DEV_TOKEN is set. */
  devToken?: string | undefined;
  now?: () => Date;
  logger?: boolean;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  /** Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed. */
  trustProxy?: string | undefined;
  /** Where `server:admin publish-release` put the releases laptops update from (XUNLIAN_RELEASES_DIR). */
  releasesDir?: string | undefined;
}

/** electron-updater asks for up to 1,000 byte ranges in one header (about 20 KB); Node's default allows 16 KB. */
const MAX_HEADER_BYTES = 64 * 1024;

const DEV_PRINCIPAL: Principal = { accountId: 'dev', username: 'dev', displayName: 'Development', role: 'admin', countyScope: null, deviceId: 'dev', passwordChange: null };

/** Routes anyone may call; every other route needs a valid device token before its body is read. */
const PUBLIC_ROUTES = new Set(['GET /api/v1/health', 'HEAD /api/v1/health', 'GET /api/v1/ready', 'HEAD /api/v1/ready', 'POST /api/v1/session']);
/** What an account that must choose a new password may still do: choose it, or sign out. */
const PASSWORD_CHANGE_ROUTES = new Set(['POST /api/v1/account/password', 'DELETE /api/v1/session']);
/** What an account that must enrol a second factor may still do: enrol, change its password, or sign out. */
const TOTP_ENROLMENT_ROUTES = new Set([...PASSWORD_CHANGE_ROUTES, 'GET /api/v1/account/totp', 'POST /api/v1/account/totp/start', 'POST /api/v1/account/totp/confirm']);
/**
 * An auditor reads and exports the audit log, and keeps its own password and second factor;
 * nothing else (roles kept apart, 等保 2.0). Its laptop sends its own export events too.
 */
const AUDITOR_ROUTES = new Set([...TOTP_ENROLMENT_ROUTES, 'GET /api/v1/audit', 'GET /api/v1/audit/export', 'POST /api/v1/audit/events']);
/** Liveness and readiness answer without looking up a token: they must not depend on the accounts table. */
const PROBE_ROUTES = new Set(['GET /api/v1/health', 'HEAD /api/v1/health', 'GET /api/v1/ready', 'HEAD /api/v1/ready']);
/** Readiness gives the database this long to answer `SELECT 1`. */
const READY_TIMEOUT_MS = 3_000;
/** The default body limit: small. Routes that take more say so themselves. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Errors of a malformed request (bad gzip, a body over its limit): a 4xx the client can act on, never a 500. */
function clientError(error: Error & { statusCode?: number; code?: string }): { status: number; code: string; message: string } | null {
  if (error.code === 'Z_DATA_ERROR' || error.code === 'Z_BUF_ERROR' || error.code === 'ERR_ZLIB_INITIALIZATION_FAILED') return { status: 400, code: 'BAD_GZIP', message: 'The request body is not valid gzip.' };
  if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'ERR_BUFFER_TOO_LARGE')
    return { status: 413, code: 'TOO_LARGE', message: 'The request is larger than the server accepts here. Send fewer visits per batch, or a smaller file.' };
  if (error.statusCode === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This content type is not accepted here.' };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return { status: error.statusCode, code: error.code?.startsWith('FST_') ? 'BAD_REQUEST' : (error.code ?? 'BAD_REQUEST'), message: error.message.slice(0, 300) };
  return null;
}

/** What each instance keeps beside Fastify: whether it drains, and its metrics. */
const instances = new WeakMap<FastifyInstance, { draining: boolean; registry: Registry }>();

/** The instance's metrics registry (main.ts serves it on the metrics port). */
export function metricsRegistry(app: FastifyInstance): Registry {
  return instances.get(app)!.registry;
}

/**
 * Graceful shutdown: health answers 503 at once, so a load balancer stops sending here
 * (`announceMs` gives it time to notice while this instance still serves); then no new
 * connections are taken, idle keep-alive connections close, requests in flight finish
 * (up to `graceMs`), and the app closes.
 */
export async function drain(app: FastifyInstance, options: { announceMs?: number; graceMs?: number } = {}): Promise<void> {
  const state = instances.get(app);
  if (state) state.draining = true;
  await new Promise((resolve) => setTimeout(resolve, options.announceMs ?? 0));
  await Promise.race([app.close(), new Promise<void>((resolve) => setTimeout(resolve, options.graceMs ?? 10_000).unref())]);
}

/**
 * The central server: health, sign-in, idempotent batch push, scoped reads,
 * directory pull, attachments, transfer files. Every request but health and sign-in
 * is authenticated from the server's own records before its body is read; every
 * answer, errors included, is JSON with the protocol header.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const metrics = createMetrics(options.client);
  const deps: ServerDeps = {
    client: options.client,
    visits: options.visits,
    accounts: options.accounts,
    directory: options.directory,
    attachments: options.attachments,
    receiptKey: options.receiptKey,
    transferKey: options.transferKey,
    serverKeys: options.serverKeys,
    tokenIdleDays: options.tokenIdleDays,
    idleLockMinutes: options.idleLockMinutes,
    totp: options.totp,
    now: options.now ?? clock.now,
    metrics,
    auditSealer: options.auditSealer,
    auditKey: options.auditKey,
    accountAdmin: new AccountAdmin(options.client, options.accounts, options.totp, options.passwordMaxAgeDays),
  };
  const app = Fastify({
    logger: options.logger ? LOGGER_OPTIONS : false,
    // One line per request, written by observeRequests when it is answered.
    disableRequestLogging: true,
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    // A client that declares a body and never sends it is dropped, not waited for.
    requestTimeout: 300_000,
    connectionTimeout: 300_000,
    trustProxy: options.trustProxy ?? false,
    // On close, idle keep-alive connections go at once; busy ones after their request.
    forceCloseConnections: 'idle',
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key, maxHeaderSize: MAX_HEADER_BYTES } } : { http: { maxHeaderSize: MAX_HEADER_BYTES } }),
  }) as unknown as FastifyInstance;
  const state = { draining: false, registry: metrics.registry };
  instances.set(app, state);
  app.decorateRequest('principal', null);
  // JSON and (on the routes that take files) bytes: nothing else is parsed.
  app.removeContentTypeParser('text/plain');

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    // Every refusal of a signed-in account is on the record: who tried what, and why it was refused.
    if (reply.statusCode === 403 && request.principal) {
      const code = typeof payload === 'string' && payload.length < 2000 ? (/"code":"([A-Z_]+)"/.exec(payload)?.[1] ?? 'FORBIDDEN') : 'FORBIDDEN';
      await auditAlone(deps.client, requestActor(request), { action: 'access.refused', object: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`.slice(0, 200), outcome: 'refused', reason: code }).catch(() => undefined);
    }
    return payload;
  });

  // First of all: who is asking. Nothing of the body has been read yet.
  app.addHook('onRequest', async (request, reply) => {
    if (PROBE_ROUTES.has(`${request.method} ${request.routeOptions.url ?? ''}`)) return;
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (token && token.length <= 200) request.principal = options.devToken && sameToken(token, options.devToken) ? DEV_PRINCIPAL : await deps.accounts.byToken(token);
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    if (request.principal?.passwordChange && !PASSWORD_CHANGE_ROUTES.has(route))
      return sendError(reply, 403, 'PASSWORD_CHANGE_REQUIRED', 'Choose a new password first (in the app, online).', 'password.changeRequired');
    if (request.principal?.totpEnrolment && !TOTP_ENROLMENT_ROUTES.has(route))
      return sendError(reply, 403, 'TOTP_ENROLMENT_REQUIRED', 'Set up the second factor first (in the app, online).', 'totp.enrolmentRequired');
    if (request.principal?.role === 'auditor' && !AUDITOR_ROUTES.has(route)) return sendError(reply, 403, 'FORBIDDEN', 'An auditor account reads the audit log and nothing else.', 'errors.FORBIDDEN');
    if (request.principal) request.principal = { ...request.principal, address: request.ip };
    if (request.principal || PUBLIC_ROUTES.has(route)) return;
    return sendError(reply, 401, 'UNAUTHORIZED', 'Sign in again: the device token is missing, wrong, expired or revoked.');
  });
  observeRequests(app, metrics);
  acceptGzipBodies(app);
  refuseUnstorableJson(app);
  compressResponses(app);

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const known = clientError(error);
    if (known) return sendError(reply, known.status, known.code, known.message);
    if (isDatabaseUnavailable(error)) {
      // The database is away (restart, failover, dropped connection): the laptop waits and sends again.
      const line = `database unavailable (${error.code ?? 'no code'}): ${error.message.slice(0, 200)}`;
      request.log.warn({ code: error.code }, line);
      if (!options.logger) console.error(`${new Date().toISOString()} ${request.method} ${request.url}: ${line}`);
      reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
      return sendError(reply, 503, 'UNAVAILABLE', 'The server cannot reach its database right now; try again shortly.');
    }
    // Message, code and stack only: a database error can carry the statement and its parameters (the pushed data).
    request.log.error({ err: { message: error.message, code: error.code, stack: error.stack } }, 'request failed');
    if (!options.logger) console.error(`${new Date().toISOString()} ${request.method} ${request.url}: ${error.stack ?? error.message}`);
    return sendError(reply, 500, 'INTERNAL', 'The server failed to handle the request.');
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'NOT_FOUND', 'No such endpoint.'));

  // Liveness: the process answers (no database, no token). While an instance drains (SIGTERM), it says so with 503: load balancers stop sending, laptops wait and retry.
  app.get('/api/v1/health', async (_request, reply) =>
    state.draining ? sendError(reply, 503, 'DRAINING', 'This server instance is shutting down; try again shortly.') : HealthBody.parse({ protocol: PROTOCOL_VERSION, status: 'ok', time: deps.now().toISOString(), idleLockMinutes: deps.idleLockMinutes, serverKeys: deps.serverKeys }),
  );
  // Readiness: the database answers. For load balancers and systemd; laptops probe liveness only.
  app.get('/api/v1/ready', async (_request, reply) => {
    if (state.draining) return sendError(reply, 503, 'DRAINING', 'This server instance is shutting down; try again shortly.');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS)));
    const answered = await Promise.race([deps.client.query('SELECT 1').then(() => 'ok' as const, () => 'failed' as const), timedOut]).finally(() => clearTimeout(timer));
    if (answered !== 'ok') {
      reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
      return sendError(reply, 503, 'UNAVAILABLE', 'The server cannot reach its database right now.');
    }
    return HealthBody.parse({ protocol: PROTOCOL_VERSION, status: 'ok', time: deps.now().toISOString() });
  });
  // For an admin token; operations staff can also read it on a loopback port (XUNLIAN_METRICS_PORT).
  app.get('/metrics', async (request, reply) => {
    if (request.principal?.role !== 'admin') return sendError(reply, 403, 'FORBIDDEN', 'Metrics are for administrators.');
    await auditAlone(deps.client, requestActor(request), { action: 'metrics.read', object: '/metrics' });
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  sessionRoutes(app, deps);
  passwordRoutes(app, deps);
  totpRoutes(app, deps);
  visitRoutes(app, deps);
  updateRoutes(app, options.releasesDir);
  directoryRoutes(app, deps);
  attachmentRoutes(app, deps);
  transferRoutes(app, deps);
  registerRoutes(app, deps);
  firmRoutes(app, deps);
  auditRoutes(app, deps);
  accountRoutes(app, deps);
  referenceRoutes(app, deps);
  problemRoutes(app, deps);
  decisionRoutes(app, deps);
  assignmentRoutes(app, deps);
  demandRoutes(app, deps);
  return app;
}
