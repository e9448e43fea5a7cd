import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SqlClient } from './store/sql-client';

/**
 * What operations staff read: Prometheus metrics (GET /metrics for an admin token, or
 * XUNLIAN_METRICS_PORT on loopback) and one JSON log line per request (Fastify's pino),
 * carrying the request id the laptop sent (x-request-id) and logs itself. Never logged:
 * headers (the Authorization token), bodies (passwords, answers), query values.
 */
export interface ServerMetrics {
  registry: Registry;
  visitsIngested: Counter<'status'>;
  firmChanges: Counter<'status'>;
  signInFailures: Counter;
  signInLockouts: Counter;
}

export function createMetrics(client: SqlClient): ServerMetrics {
  const registry = new Registry();
  const metrics: ServerMetrics = {
    registry,
    visitsIngested: new Counter({ name: 'xunlian_visits_ingested_total', help: 'Visits received in pushes and transfer files, by outcome', labelNames: ['status'], registers: [registry] }),
    firmChanges: new Counter({ name: 'xunlian_firm_changes_total', help: 'Firm proposals and edits from laptops, by outcome', labelNames: ['status'], registers: [registry] }),
    signInFailures: new Counter({ name: 'xunlian_sign_in_failures_total', help: 'Sign-ins refused for a wrong username or password', registers: [registry] }),
    signInLockouts: new Counter({ name: 'xunlian_sign_in_lockouts_total', help: 'Sign-in attempts refused for too many tries (429)', registers: [registry] }),
  };
  new Gauge({
    name: 'xunlian_devices_seen_last_day',
    help: 'Signed-in devices that reached this server in the last 24 hours',
    registers: [registry],
    async collect() {
      const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*)::text AS n FROM devices WHERE revoked_at IS NULL AND last_seen_at > now() - interval '1 day'`);
      this.set(Number(rows[0]?.n ?? 0));
    },
  });
  new Gauge({
    name: 'xunlian_db_pool_connections',
    help: 'Database connections of this instance, by state (PostgreSQL only)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = client.poolStats?.();
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  return metrics;
}

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The laptop's request id when it sent a well-formed one, else a new one. */
export function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Fastify's logger: JSON lines, nothing from headers or bodies. */
export const LOGGER_OPTIONS = {
  level: 'info',
  redact: { paths: ['req.headers', 'headers', 'body', 'password', 'token'], censor: '[redacted]' },
  serializers: {
    req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
    res: (res: { statusCode: number }) => ({ status: res.statusCode }),
  },
};

const started = Symbol('started');
type Timed = FastifyRequest & { [started]?: bigint };

/** Per request: counted and timed by route and status, logged as one line, its id echoed to the client. */
export function observeRequests(app: FastifyInstance, metrics: ServerMetrics): void {
  const requests = new Counter({ name: 'xunlian_http_requests_total', help: 'HTTP requests by route, method and status', labelNames: ['route', 'method', 'status'], registers: [metrics.registry] });
  const latency = new Histogram({
    name: 'xunlian_http_request_duration_seconds',
    help: 'HTTP request latency by route and method',
    labelNames: ['route', 'method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  app.addHook('onRequest', async (request) => {
    (request as Timed)[started] = process.hrtime.bigint();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = Number(process.hrtime.bigint() - ((request as Timed)[started] ?? process.hrtime.bigint())) / 1e9;
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    latency.observe({ route, method: request.method }, seconds);
    request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(seconds * 1000), ip: request.ip, user: request.principal?.username ?? null }, 'request');
  });
}
