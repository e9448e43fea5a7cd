import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  HealthBody,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PushedVisit,
  PushRequest,
  hashedPart,
  type PushItemResult,
} from '../shared/api/sync-protocol';
import { canonicalJson } from '../shared/domain/canonical';
import { answersSchema } from '../shared/domain/answers';
import { issueToKey } from '../shared/domain/validation-keys';
import { acceptGzipBodies } from './gzip-body';
import type { VisitStore } from './store/visit-store';
import type { z } from 'zod';

export interface ServerOptions {
  store: VisitStore;
  token: string;
  bodyLimitBytes?: number;
  now?: () => Date;
  logger?: boolean;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ protocol: PROTOCOL_VERSION, error: { code, message } });
}

/** Today in UTC plus one day, so a laptop a few time zones east is not refused. */
function latestAcceptableDate(now: Date): string {
  return new Date(now.getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

function judge(raw: unknown, now: Date): { visit: PushedVisit } | { result: PushItemResult } {
  const idOf = (x: unknown) => (typeof x === 'object' && x !== null ? x : {}) as { id?: unknown; revision?: unknown };
  const ref = { id: String(idOf(raw).id ?? ''), revision: Number.isInteger(idOf(raw).revision) ? (idOf(raw).revision as number) : 0 };
  const reject = (reasons: string[]) => ({ result: { ...ref, status: 'rejected' as const, reasons } });
  const envelope = PushedVisit.safeParse(raw, { error: issueToKey });
  if (!envelope.success) return reject(describe(envelope.error));
  const visit = envelope.data;
  const answers = answersSchema(visit.kind, 'complete', latestAcceptableDate(now)).safeParse(visit.answers, { error: issueToKey });
  if (!answers.success) return reject(describe(answers.error, 'answers.'));
  // Same digest as shared contentHash() (a unit test holds them equal), but synchronous: WebCrypto's per-call cost dominated ingest.
  if (createHash('sha256').update(canonicalJson(hashedPart(visit))).digest('hex') !== visit.contentHash) return reject(['contentHash: validation.hashMismatch']);
  return { visit };
}

function describe(error: z.ZodError, prefix = ''): string[] {
  return error.issues.slice(0, 10).map((i) => `${prefix}${i.path.join('.') || '_'}: ${i.message}`);
}

/** The central server: health, idempotent batch push, list. Every answer carries the protocol header. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const now = options.now ?? (() => new Date());
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimitBytes ?? 8 * 1024 * 1024 });
  acceptGzipBodies(app);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    return payload;
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/v1/health')) return;
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!sameToken(token, options.token)) return sendError(reply, 401, 'UNAUTHORIZED', 'Missing or wrong token.');
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

  app.get('/api/v1/health', async () => HealthBody.parse({ protocol: PROTOCOL_VERSION, status: 'ok', time: now().toISOString() }));

  app.post('/api/v1/visits/batch', async (request, reply) => {
    const envelope = PushRequest.safeParse(request.body);
    if (!envelope.success) return sendError(reply, 400, 'VALIDATION', `Not a valid push batch: ${describe(envelope.error).join('; ')}`);
    const at = now();
    const judged = envelope.data.visits.map((raw) => judge(raw, at));
    const accepted = judged.flatMap((j) => ('visit' in j ? [j.visit] : []));
    const outcomes = await options.store.insertMany(accepted);
    let next = 0;
    const results: PushItemResult[] = judged.map((j) => ('result' in j ? j.result : { id: j.visit.id, revision: j.visit.revision, status: outcomes[next++]! }));
    return { protocol: PROTOCOL_VERSION, results };
  });

  app.get<{ Querystring: { limit?: string; offset?: string } }>('/api/v1/visits', async (request) => {
    const limit = Math.min(Math.max(Number(request.query.limit ?? 100) || 100, 1), 1000);
    const offset = Math.max(Number(request.query.offset ?? 0) || 0, 0);
    return { protocol: PROTOCOL_VERSION, ...(await options.store.list(limit, offset)) };
  });

  return app;
}
