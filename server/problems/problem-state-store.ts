import { moveProblems, problemIdsOf, type KnownProblem, type MovingVisit, type ProblemState, type ProblemStep } from '../../shared/domain/problem-state';
import type { SqlClient } from '../store/sql-client';
import { holdSequence, sequenceHorizon } from '../store/sequence-horizon';

type Tx = Pick<SqlClient, 'query'>;

/** A stored revision as the problem rule reads it, the firms it names already the register's ids. */
export interface ProblemSource {
  visit: MovingVisit;
  /** The county of the visited firm (or of the event): a problem it raises is its firm's county's. */
  countyCode: string;
  firm: { name: string; creditCode: string; countyCode: string } | null;
}

interface Held extends KnownProblem {
  countyCode: string;
  firm: ProblemSource['firm'];
  removed: boolean;
}

interface StateRow {
  problem_id: string;
  county_code: string;
  state: ProblemState | string;
  trail: ProblemStep[] | string;
  firm: ProblemSource['firm'] | string | null;
  removed: boolean;
}

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** An event's rows name the laptops' firm ids; the problems are kept under the register's. */
export function withRegisterIds(answers: Record<string, unknown>, registerId: (laptopId: string) => string): Record<string, unknown> {
  if (!Array.isArray(answers.firms)) return answers;
  return { ...answers, firms: (answers.firms as { firmId?: unknown }[]).map((f) => (typeof f.firmId === 'string' ? { ...f, firmId: registerId(f.firmId) } : f)) };
}

/**
 * Applies stored revisions, in the order given, to the problems' state — inside the
 * transaction that stored them, so the state never misses a visit nor counts one twice.
 * The rows a batch touches are locked in id order (two batches moving the same problems
 * wait for each other rather than deadlock), and every changed row takes a new version
 * under the sequence's shared lock, so officers' pulls never skip one (sequence-horizon.ts).
 */
export async function applyToProblemState(tx: Tx, sources: readonly ProblemSource[]): Promise<number> {
  const ids = [...new Set(sources.flatMap((s) => problemIdsOf(s.visit)))];
  const raisers = sources.filter((s) => s.visit.kind === 'diagnosis' || s.visit.kind === 'patrol').map((s) => s.visit.id);
  if (ids.length === 0 && raisers.length === 0) return 0;
  await holdSequence(tx, 'problems');
  const { rows } = await tx.query<StateRow>(
    `SELECT problem_id, county_code, state, trail, firm, removed FROM problem_state
     WHERE problem_id IN (SELECT jsonb_array_elements_text($1::jsonb)) OR raised_visit_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)
     ORDER BY problem_id FOR UPDATE`,
    [JSON.stringify(ids), JSON.stringify(raisers)],
  );
  const held = new Map<string, Held>(rows.map((r) => [r.problem_id, { state: parsed(r.state), trail: parsed(r.trail), countyCode: r.county_code, firm: parsed(r.firm), removed: r.removed }]));
  const dirty = new Set<string>();
  for (const { visit, countyCode, firm } of sources) {
    const touched = new Set(problemIdsOf(visit));
    const known = new Map<string, KnownProblem>();
    for (const [id, h] of held) if (!h.removed && (touched.has(id) || h.state.raisedVisitId === visit.id)) known.set(id, h);
    const changes = moveProblems(visit, known);
    for (const [id, k] of changes.changed) {
      const before = held.get(id);
      held.set(id, { ...k, countyCode: before && !before.removed ? before.countyCode : countyCode, firm: before && !before.removed ? before.firm : firm, removed: false });
      dirty.add(id);
    }
    for (const id of changes.removed) {
      held.set(id, { ...held.get(id)!, removed: true });
      dirty.add(id);
    }
  }
  if (dirty.size === 0) return 0;
  const out = [...dirty].map((id) => {
    const h = held.get(id)!;
    return { problem_id: id, firm_id: h.state.firmId, county_code: h.countyCode, raised_visit_id: h.state.raisedVisitId, status: h.state.status, state: h.state, trail: h.trail, firm: h.firm, removed: h.removed };
  });
  await tx.query(
    `INSERT INTO problem_state (problem_id, firm_id, county_code, raised_visit_id, status, state, trail, firm, removed)
     SELECT problem_id, firm_id, county_code, raised_visit_id, status, state, trail, firm, removed
     FROM jsonb_to_recordset($1::jsonb) AS x(problem_id text, firm_id text, county_code text, raised_visit_id uuid, status text, state jsonb, trail jsonb, firm jsonb, removed boolean)
     ON CONFLICT (problem_id) DO UPDATE SET firm_id = excluded.firm_id, county_code = excluded.county_code, raised_visit_id = excluded.raised_visit_id, status = excluded.status,
       state = excluded.state, trail = excluded.trail, firm = excluded.firm, removed = excluded.removed, version = nextval('problem_state_version')`,
    [JSON.stringify(out)],
  );
  return dirty.size;
}

/** One page of problem changes as JSON text, `{"cursor","more","problems":[…]}`, written by the database. */
export async function problemChangesJson(client: SqlClient, cursor: bigint, countyScope: readonly string[] | null, limit: number): Promise<string> {
  const horizon = await sequenceHorizon(client, 'problems');
  // The page is chosen first and only its rows are written as JSON: with the scope filtered
  // after the version range, the planner may sort every remaining row, and it would build each one.
  const { rows } = await client.query<{ version: string; problem: string }>(
    `WITH page AS (
       SELECT p.problem_id, p.version FROM problem_state p
       WHERE p.version > $1 AND p.version <= $4 AND ($2::text[] IS NULL OR p.county_code = ANY($2::text[])) ORDER BY p.version LIMIT $3
     )
     SELECT page.version::text AS version,
       json_build_object('state', p.state, 'trail', p.trail, 'firm', p.firm, 'countyCode', p.county_code, 'removed', p.removed)::text AS problem
     FROM page JOIN problem_state p ON p.problem_id = page.problem_id ORDER BY page.version`,
    [cursor.toString(), countyScope ? [...countyScope] : null, limit + 1, horizon.toString()],
  );
  const page = rows.slice(0, limit);
  const last = page.length ? page[page.length - 1]!.version : null;
  // With nothing in scope up to the horizon, the cursor moves to the horizon (never past it).
  const latest = last ?? horizon.toString();
  const next = BigInt(latest) > cursor ? latest : cursor.toString();
  return `{"cursor":"${next}","more":${rows.length > limit},"problems":[${page.map((r) => r.problem).join(',')}]}`;
}
