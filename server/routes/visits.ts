import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { PROTOCOL_VERSION, PushedVisit, PushRequest, hashedPart, type PushItemResult } from '../../shared/api/sync-protocol';
import { answersSchema } from '../../shared/domain/answers';
import { canonicalJson } from '../../shared/domain/canonical';
import { issueToKey } from '../../shared/domain/validation-keys';
import { requirePrincipal, sendError, type ServerDeps } from '../context';
import type { Principal } from '../store/account-store';

/** Today in UTC plus one day, so a laptop a few time zones east is not refused. */
function latestAcceptableDate(now: Date): string {
  return new Date(now.getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

function describe(error: z.ZodError, prefix = ''): string[] {
  return error.issues.slice(0, 10).map((i) => `${prefix}${i.path.join('.') || '_'}: ${i.message}`);
}

/** Validates one pushed item on its own, so a bad item is rejected without failing the batch. */
export function judge(raw: unknown, now: Date, principal: Principal): { visit: PushedVisit } | { result: PushItemResult } {
  const idOf = (x: unknown) => (typeof x === 'object' && x !== null ? x : {}) as { id?: unknown; revision?: unknown };
  const ref = { id: String(idOf(raw).id ?? '').slice(0, 64), revision: Number.isInteger(idOf(raw).revision) ? (idOf(raw).revision as number) : 0 };
  const reject = (reasons: string[]) => ({ result: { ...ref, status: 'rejected' as const, reasons } });
  const envelope = PushedVisit.safeParse(raw, { error: issueToKey });
  if (!envelope.success) return reject(describe(envelope.error));
  const visit = envelope.data;
  if (principal.countyScope && !principal.countyScope.includes(visit.firm.countyCode)) return reject(['firm.countyCode: validation.outOfScope']);
  const answers = answersSchema(visit.kind, 'complete', latestAcceptableDate(now)).safeParse(visit.answers, { error: issueToKey });
  if (!answers.success) return reject(describe(answers.error, 'answers.'));
  // Same digest as shared contentHash() (a unit test holds them equal), but synchronous: WebCrypto's per-call cost dominated ingest.
  if (createHash('sha256').update(canonicalJson(hashedPart(visit))).digest('hex') !== visit.contentHash) return reject(['contentHash: validation.hashMismatch']);
  return { visit };
}

/** Judges every item on its own, stores the good ones once, and reports per item. Shared by push and transfer import. */
export async function ingestVisits(deps: ServerDeps, raw: readonly unknown[], principal: Principal): Promise<PushItemResult[]> {
  const at = deps.now();
  const judged = raw.map((item) => judge(item, at, principal));
  const accepted = judged.flatMap((j) => ('visit' in j ? [j.visit] : []));
  const outcomes = await deps.visits.insertMany(accepted, principal.accountId);
  let next = 0;
  return judged.map((j) => {
    if ('result' in j) return j.result;
    const outcome = outcomes[next++]!;
    return outcome === 'forbidden'
      ? { id: j.visit.id, revision: j.visit.revision, status: 'rejected' as const, reasons: ['id: validation.notYourVisit'] }
      : { id: j.visit.id, revision: j.visit.revision, status: outcome };
  });
}

export function visitRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.post('/api/v1/visits/batch', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (principal.role === 'supervisor') return sendError(reply, 403, 'FORBIDDEN', 'Supervisors read visits; they do not push them.');
    const envelope = PushRequest.safeParse(request.body);
    if (!envelope.success) return sendError(reply, 400, 'VALIDATION', `Not a valid push batch: ${describe(envelope.error).join('; ')}`);
    return { protocol: PROTOCOL_VERSION, results: await ingestVisits(deps, envelope.data.visits, principal) };
  });

  app.get<{ Querystring: { cursor?: string } }>('/api/v1/visits/changes', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (principal.role === 'officer') return sendError(reply, 403, 'FORBIDDEN', 'Only supervisors pull the consolidated visits.');
    if (principal.countyScope && principal.countyScope.length === 0) return sendError(reply, 403, 'NO_SCOPE', 'This supervisor account has no county assigned. Ask the administrator to set one.');
    const raw = request.query.cursor ?? '0';
    if (!/^\d{1,19}$/.test(raw)) return sendError(reply, 400, 'VALIDATION', 'cursor must be a non-negative integer.');
    return { protocol: PROTOCOL_VERSION, ...(await deps.visits.changesSince(BigInt(raw), principal.countyScope, 500)) };
  });

  app.get<{ Querystring: { limit?: string; offset?: string } }>('/api/v1/visits', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const limit = Math.min(Math.max(Number(request.query.limit ?? 100) || 100, 1), 1000);
    const offset = Math.max(Number(request.query.offset ?? 0) || 0, 0);
    const filter = principal.role === 'officer' ? { accountId: principal.accountId } : { countyScope: principal.countyScope };
    return { protocol: PROTOCOL_VERSION, ...(await deps.visits.list(limit, offset, filter)) };
  });
}
