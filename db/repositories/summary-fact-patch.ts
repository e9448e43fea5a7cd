import { DEMAND_FACT_SQL, demandFactOf } from './demands/demand-facts';
import type { Db } from '../open';
import type { Facts } from './summary-fact-store';

/**
 * Applying the rows the fact store's triggers noted (summary-fact-store.ts) to the facts in
 * place, instead of reading a group again: a completed or pulled visit, a problem raised or
 * moved. Each returns null when the change cannot be applied in place; the store then reads
 * the group again.
 */

/** More changed rows than this are read again whole rather than applied one by one. */
const PATCH_LIMIT = 2_000;
const DAY_MS = 86_400_000;

/** Memoised Date.parse of a day (dates repeat thousands of times). */
export function dayParser(): (day: string) => number {
  const seen = new Map<string, number>();
  return (day) => {
    let ms = seen.get(day);
    if (ms === undefined) seen.set(day, (ms = Date.parse(day)));
    return ms;
  };
}

/** Whole days from the raising visit's date to the resolution date, never negative; -1 = not resolved. */
export function daysToResolve(status: string, resolvedAt: string | null, raisedMs: number, parse: (day: string) => number): number {
  return status === 'resolved' && resolvedAt ? Math.max(0, Math.round((parse(resolvedAt.slice(0, 10)) - raisedMs) / DAY_MS)) : -1;
}

/** A typed array of `length`, over the same buffer while it has room (appends cost nothing most times). */
function withLength<T extends Int32Array | Float64Array | Uint8Array>(view: T, length: number): T {
  const Kind = view.constructor as { new (buffer: ArrayBufferLike, offset: number, length: number): T; new (length: number): T };
  const capacity = view.buffer.byteLength / view.BYTES_PER_ELEMENT;
  if (view.byteOffset === 0 && length <= capacity) return new Kind(view.buffer, 0, length);
  const bigger = new Kind(Math.max(length, Math.ceil(capacity * 1.5) + 64));
  bigger.set(view);
  return new Kind(bigger.buffer, 0, length);
}

/**
 * Applies the completed visits that changed: patched where counted already, appended when
 * newly counted. Null when the change cannot be applied in place (too many, or a visit no
 * longer counted): then everything is read again.
 */
export function patchVisits(db: Db, facts: Facts): { dateMoved: boolean; appended: string[] } | null {
  const ids = db.prepare('SELECT id FROM temp.fact_changed_visits').pluck().all() as string[];
  db.prepare('DELETE FROM temp.fact_changed_visits').run();
  if (ids.length > PATCH_LIMIT) return null;
  const read = db.prepare(`SELECT v.firm_id, v.kind, v.officer, r.visit_date, r.financing_amount, r.wants_matchmaking
    FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision WHERE v.id = ?`).raw();
  const visits = { ...facts.visits };
  const parse = dayParser();
  let dateMoved = false;
  const appended: string[] = [];
  for (const id of ids) {
    const row = read.get(id) as [string, string, string, string, number | null, number | null] | undefined;
    let at = visits.index.get(id);
    if (!row) {
      if (at !== undefined) return null;
      continue; // a draft's change: not counted
    }
    const [firmId, kind, officer, date, amount, matchmaking] = row;
    if (at === undefined) {
      at = visits.date.length;
      visits.index.set(id, at);
      visits.date.push(date);
      visits.kind.push(kind);
      visits.officer.push(officer);
      visits.dateMs = withLength(visits.dateMs, at + 1);
      visits.firm = withLength(visits.firm, at + 1);
      visits.financing = withLength(visits.financing, at + 1);
      visits.matchmaking = withLength(visits.matchmaking, at + 1);
      appended.push(id);
    } else if (visits.date[at] !== date) dateMoved = true;
    visits.date[at] = date;
    visits.kind[at] = kind;
    visits.officer[at] = officer;
    visits.dateMs[at] = parse(date);
    visits.firm[at] = facts.firms.index.get(firmId) ?? -1;
    // Financing figures come from diagnosis visits only (the rule in shared/domain/summary.ts).
    visits.financing[at] = kind === 'diagnosis' && amount !== null ? amount : 0;
    visits.matchmaking[at] = kind === 'diagnosis' && matchmaking === 1 ? 1 : 0;
  }
  facts.visits = visits;
  return { dateMoved, appended };
}

/**
 * Applies the problems raised or moved since (their identity, category and visit did not
 * change: that would have moved problemLinks), plus `extraRows`. Null when too many.
 */
export function patchProblems(db: Db, facts: Facts, extraRows: number[]): { newFinancing: boolean } | null {
  const rows = [...new Set([...(db.prepare('SELECT row FROM temp.fact_changed_problems').pluck().all() as number[]), ...extraRows])];
  db.prepare('DELETE FROM temp.fact_changed_problems').run();
  if (rows.length > PATCH_LIMIT) return null;
  const parse = dayParser();
  const read = db.prepare(`SELECT raised_visit_id, category, status, resolved_at, id, ${DEMAND_FACT_SQL} FROM problems WHERE rowid = ?`).raw();
  const problems = { ...facts.problems };
  let newFinancing = false;
  for (const row of rows) {
    const found = read.get(row) as [string, string, string, string | null, string, string | null] | undefined;
    if (!found) return null;
    const [visitId, category, status, resolvedAt, problemId, demand] = found;
    const visit = facts.visits.index.get(visitId);
    let at = row < problems.byRowid.length ? problems.byRowid[row]! : -1;
    if (at < 0) {
      if (visit === undefined) continue; // raised by a visit never completed: not counted
      at = problems.category.length;
      problems.visit = withLength(problems.visit, at + 1);
      problems.days = withLength(problems.days, at + 1);
      problems.visit[at] = visit;
      problems.category.push(category);
      problems.status.push(status);
      problems.demand.push(null);
      if (row >= problems.byRowid.length) {
        const before = problems.byRowid.length;
        problems.byRowid = withLength(problems.byRowid, row + 1);
        problems.byRowid.fill(-1, before);
      }
      problems.byRowid[row] = at;
      if (category === 'financing') {
        problems.financingVisit.set(problemId, visit);
        newFinancing = true;
      }
    } else if (problems.visit[at] !== visit || problems.category[at] !== category) return null;
    problems.status[at] = status;
    problems.demand[at] = demandFactOf(demand);
    problems.days[at] = daysToResolve(status, resolvedAt, facts.visits.dateMs[problems.visit[at]!]!, parse);
  }
  facts.problems = problems;
  return { newFinancing };
}
