import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { PROTOCOL_VERSION, PushedVisit, PushRequest, hashedPart, type PushItemResult } from '../../shared/api/sync-protocol';
import { answersSchema, eventFirms, eventUpdates } from '../../shared/domain/answers';
import { canonicalJson } from '../../shared/domain/canonical';
import { issueToKey } from '../../shared/domain/validation-keys';
import { requirePrincipal, sendError, type ServerDeps } from '../context';
import { mayMoveProblems, mayPushVisits, mayRecordFinancing, placeEvent, placeVisit, type Refusal, type RegisterFirm } from '../authorization';
import type { Principal } from '../store/account-store';
import type { PlacedVisit } from '../store/visit-store';
import { actorOf, audit, auditAlone } from '../audit/audit-log';
import { namesDepartments, unknownDepartment } from '../demands/department-check';

export const PUSH_BODY_LIMIT = 8 * 1024 * 1024;

/** Today in UTC plus one day, so a laptop a few time zones east is not refused. */
function latestAcceptableDate(now: Date): string {
  return new Date(now.getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

function describe(error: z.ZodError, prefix = ''): string[] {
  return error.issues.slice(0, 10).map((i) => `${prefix}${i.path.join('.') || '_'}: ${i.message}`);
}

/** Validates one pushed item on its own (shape, answers, content hash), so a bad item is rejected without failing the batch. */
export function judge(raw: unknown, now: Date): { visit: PushedVisit } | { result: PushItemResult } {
  const envelope = PushedVisit.safeParse(raw, { error: issueToKey });
  if (!envelope.success) return rejected(raw, describe(envelope.error));
  const visit = envelope.data;
  const answers = answersSchema(visit.kind, 'complete', latestAcceptableDate(now)).safeParse(visit.answers, { error: issueToKey });
  if (!answers.success) return rejected(raw, describe(answers.error, 'answers.'));
  // Same digest as shared contentHash() (a unit test holds them equal), but synchronous: WebCrypto's per-call cost dominated ingest.
  if (createHash('sha256').update(canonicalJson(hashedPart(visit))).digest('hex') !== visit.contentHash) return rejected(raw, ['contentHash: validation.hashMismatch']);
  return { visit };
}

function rejected(raw: unknown, reasons: string[]): { result: PushItemResult } {
  const item = (typeof raw === 'object' && raw !== null ? raw : {}) as { id?: unknown; revision?: unknown };
  return { result: { id: String(item.id ?? '').slice(0, 64), revision: Number.isInteger(item.revision) ? (item.revision as number) : 0, status: 'rejected', reasons } };
}

/** A write the principal may not make at all (a supervisor pushing): the whole request is refused. */
export class ForbiddenWrite extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/** The problem updates a follow-up or an event makes, each with the firm it names (the schema has checked the rest). */
const problemUpdates = (v: PushedVisit): { firmId: string; problemId: string; financing?: unknown }[] => {
  if (v.kind === 'event') return eventUpdates(v.answers);
  if (v.kind !== 'followup' || v.firmId === null || !Array.isArray(v.answers.updates)) return [];
  const firmId = v.firmId;
  return (v.answers.updates as { problemId?: unknown; financing?: unknown }[]).flatMap((u) => (typeof u.problemId === 'string' ? [{ firmId, problemId: u.problemId, financing: u.financing }] : []));
};
const financingProblems = (v: PushedVisit): string[] => problemUpdates(v).flatMap((u) => (u.financing ? [u.problemId] : []));

/** The firms a visit or an event names: the one it visits, or those an event lists. */
const namedFirms = (v: PushedVisit): string[] => (v.firmId !== null ? [v.firmId] : eventFirms(v.answers).map((f) => f.firmId));

/**
 * Places one judged item by the server's own records: a visit by its firm's county, an
 * event by the county it was held in with every firm it names in scope. Then the problems
 * it moves must belong to the firms it names, and bank steps go only on financing problems.
 */
function place(principal: Principal, v: PushedVisit, register: ReadonlyMap<string, RegisterFirm>, known: ReadonlyMap<string, { firmId: string; category: string | null }>): PlacedVisit | Refusal {
  let placed: PlacedVisit;
  let registerId: (laptopId: string) => string;
  if (v.firmId === null) {
    const event = placeEvent(principal, String(v.answers.countyCode), namedFirms(v), register);
    if ('reason' in event) return event;
    registerId = (id) => event.firmIds.get(id) ?? id;
    placed = { visit: v, firmId: null, countyCode: event.countyCode, firm: null, officer: principal.displayName, proposedFirm: null, registerIds: event.firmIds };
  } else {
    const registered = register.get(v.firmId) ?? null;
    const firm = placeVisit(principal, { firmId: v.firmId, ...v.firm! }, registered);
    if ('reason' in firm) return firm;
    const firmId = registered?.id ?? v.firmId;
    registerId = () => firmId;
    placed = { visit: v, firmId, countyCode: firm.countyCode, firm: firm.firm, officer: principal.displayName, proposedFirm: firm.proposed ? { id: v.firmId, ...v.firm } : null };
  }
  const updates = problemUpdates(v);
  for (const firmId of new Set(updates.map((u) => u.firmId))) {
    const moves = mayMoveProblems(registerId(firmId), known, updates.filter((u) => u.firmId === firmId).map((u) => u.problemId));
    if (moves) return moves;
  }
  return mayRecordFinancing(known, financingProblems(v)) ?? placed;
}

/**
 * Judges every item on its own, places it by the server's own records (the register's
 * county, the principal's name), stores the good ones once, and reports per item.
 * Shared by push and transfer import, so both obey the same authorization rules.
 */
export async function ingestVisits(deps: ServerDeps, raw: readonly unknown[], principal: Principal, via: 'push' | 'transfer' = 'push'): Promise<PushItemResult[]> {
  const refusal = mayPushVisits(principal);
  if (refusal) throw new ForbiddenWrite(refusal);
  const judged = raw.map((item) => judge(item, deps.now()));
  const candidates = judged.flatMap((j) => ('visit' in j ? [j.visit] : []));
  const register = await deps.directory.firmsByIds([...new Set(candidates.flatMap(namedFirms))]);
  const known = await deps.visits.problemsKnown([...new Set(candidates.flatMap((v) => problemUpdates(v).map((u) => u.problemId)))]);
  // A server that keeps no department list yet (a fresh one, before the directory is seeded) has nothing to check against.
  const list = candidates.some(namesDepartments) ? await deps.directory.referenceOf('department') : [];
  const departments = list.length ? new Set(list.filter((d) => d.active).map((d) => d.name)) : null;
  const placedOrRefused = judged.map((j): { result: PushItemResult } | { placed: PlacedVisit } => {
    if ('result' in j) return j;
    const department = departments && unknownDepartment(j.visit, departments);
    if (department) return rejected(j.visit, [department]);
    const placed = place(principal, j.visit, register, known);
    return 'reason' in placed ? rejected(j.visit, [placed.reason]) : { placed };
  });
  const accepted = placedOrRefused.flatMap((p) => ('placed' in p ? [p.placed] : []));
  // One row per batch: how many records, which counties (never their content).
  const outcomes = await deps.visits.insertMany(accepted, principal.accountId, (tx, stored) => {
    const created = stored.filter((o) => o === 'created').length;
    const duplicate = stored.filter((o) => o === 'duplicate').length;
    return audit(tx, actorOf(principal, null), {
      action: 'visits.pushed',
      counties: [...new Set(accepted.map((p) => p.countyCode))],
      // A batch of which nothing was stored is a refusal (another officer's visit, a conflicting revision).
      ...(created + duplicate === 0 ? { outcome: 'refused' as const, reason: 'rejected' } : {}),
      detail: { via, records: raw.length, created, duplicate, rejected: raw.length - created - duplicate },
    });
  });
  if (accepted.length === 0 && raw.length > 0) await auditAlone(deps.client, actorOf(principal, null), { action: 'visits.pushed', outcome: 'refused', reason: 'rejected', detail: { via, records: raw.length, rejected: raw.length } });
  let next = 0;
  const results = placedOrRefused.map((p) => {
    if ('result' in p) return p.result;
    const { visit } = p.placed;
    const outcome = outcomes[next++]!;
    return outcome === 'forbidden'
      ? { id: visit.id, revision: visit.revision, status: 'rejected' as const, reasons: ['id: validation.notYourVisit'] }
      : { id: visit.id, revision: visit.revision, status: outcome };
  });
  for (const r of results) deps.metrics?.visitsIngested.inc({ status: r.status });
  return results;
}

export function visitRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // Up to MAX_PUSH_BATCH visits: the limit counts decompressed bytes (see gzip-body.ts).
  app.post('/api/v1/visits/batch', { bodyLimit: PUSH_BODY_LIMIT }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const refusal = mayPushVisits(principal);
    if (refusal) return sendError(reply, refusal.status, refusal.code, refusal.message);
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
    // Written by the database as JSON text (VisitStore.changesSinceJson), sent as it is.
    const page = await deps.visits.changesSinceJson(BigInt(raw), principal.countyScope, 500);
    // One row per sync (its first page), not per page: a supervisor's pull of the county's visits.
    if (raw === '0' || request.headers['x-xunlian-sync-start'] === '1') await auditAlone(deps.client, actorOf(principal, null), { action: 'visits.pulled', counties: principal.countyScope, detail: { cursor: raw } });
    return reply.type('application/json; charset=utf-8').send(`{"protocol":${PROTOCOL_VERSION},${page.slice(1)}`);
  });

  app.get<{ Querystring: { limit?: string; offset?: string } }>('/api/v1/visits', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const { limit: rawLimit = '100', offset: rawOffset = '0' } = request.query;
    if (!/^\d{1,4}$/.test(rawLimit) || !/^\d{1,9}$/.test(rawOffset)) return sendError(reply, 400, 'VALIDATION', 'limit and offset must be non-negative whole numbers.');
    const limit = Math.min(Math.max(Number(rawLimit), 1), 1000);
    const offset = Number(rawOffset);
    const filter = principal.role === 'officer' ? { accountId: principal.accountId } : { countyScope: principal.countyScope };
    return { protocol: PROTOCOL_VERSION, ...(await deps.visits.list(limit, offset, filter)) };
  });
}
