import type { Db } from '../open';
import { dayParser, daysToResolve, patchProblems, patchVisits } from './summary-fact-patch';
import { REVIEW_STATE } from './visit-reviews';
import { DEMAND_FACT_SQL, demandFactOf, type DemandFact } from './demands/demand-facts';

/**
 * The lean facts every summary figure is counted from (summary-facts.ts counts them), held
 * in memory per connection: each visit's latest completed revision (date, firm, kind,
 * officer, financing), each problem it raised (category, status, days to resolve), the
 * financing steps and the events. A refresh after a filter change then walks typed arrays
 * instead of joining 120,000 problems to 50,000 visits in SQL.
 *
 * The facts follow the data group by group: temporary triggers on this connection count
 * the changes to each table the facts come from, so a problem marked resolved is patched
 * in place and a new visit reads the visits and what hangs on them again, not the firms.
 * A change made by another connection (SQLite's data_version) reads everything. A figure
 * is never older than the data.
 */
export interface Facts {
  firms: { county: string[]; keyTier: string[]; categories: string[][]; index: Map<string, number>; id: string[]; name: string[]; registerLastVisit: (string | null)[] };
  visits: { date: string[]; dateMs: Float64Array; firm: Int32Array; kind: string[]; officer: string[]; financing: Float64Array; matchmaking: Uint8Array; index: Map<string, number> };
  problems: { visit: Int32Array; category: string[]; status: string[]; days: Int32Array; financingVisit: Map<string, number>; byRowid: Int32Array; demand: (DemandFact | null)[] };
  /** Financing steps, by the date they happened (then the reporting visit): each with its case's visit. */
  steps: { visit: Int32Array; stage: string[]; bank: string[]; date: string[]; amount: Float64Array };
  /** Completed events (latest revision) and, per event, the firms that came (indexes into firms). */
  events: { id: string[]; date: string[]; county: string[]; officer: string[]; kind: string[]; attended: number[][] };
  /** Visits and events whose latest completed revision a supervisor passed (审核, issue 30): the "passed only" summary. */
  passed: Set<string>;
  /** Each firm's officer changes (包联), by firm (index into firms) then in order: coverage finds the officer in force on a day. */
  assignments: { firm: Int32Array; since: string[]; username: (string | null)[]; name: (string | null)[] };
}

/**
 * Groups of facts and what moves them. Most changes are applied in place from the rows the
 * triggers noted: a completed or amended visit is patched or appended, a problem raised or
 * moved by a follow-up likewise. The `…Links` groups move when a row is removed or changes
 * its identity (or a problem its category or visit): then what hangs on it is read again.
 */
const GROUPS = ['firms', 'visits', 'visitLinks', 'problems', 'problemLinks', 'steps', 'events', 'reviews', 'assignments'] as const;
type Group = (typeof GROUPS)[number];
/** Which group each change of a table moves (an UPDATE OF … names the columns that matter). */
const TRIGGERS: [string, string, Group, string?][] = [
  ['firms', 'INSERT OR UPDATE OR DELETE', 'firms'],
  // A draft's autosave (answers, section, time) changes nothing counted: only completed visits are facts.
  ['visits', 'INSERT', 'visits', 'new.completed_revision IS NOT NULL'],
  ['visits', 'UPDATE OF id, firm_id, kind, officer, completed_revision', 'visits'],
  ['visits', 'DELETE', 'visits', 'old.completed_revision IS NOT NULL'],
  ['visits', 'DELETE', 'visitLinks', 'old.completed_revision IS NOT NULL'],
  ['visits', 'UPDATE OF id', 'visitLinks'],
  ['visit_revisions', 'INSERT OR UPDATE OR DELETE', 'visits'],
  ['visit_revisions', 'DELETE', 'visitLinks'],
  ['problems', 'INSERT OR UPDATE OR DELETE', 'problems'],
  ['problems', 'DELETE OR UPDATE OF id, category, raised_visit_id', 'problemLinks'],
  ['financing_steps', 'INSERT OR UPDATE OR DELETE', 'steps'],
  ['event_firms', 'INSERT OR UPDATE OR DELETE', 'events'],
  ['visit_reviews', 'INSERT OR UPDATE OR DELETE', 'reviews'],
  ['firm_officer_periods', 'INSERT OR UPDATE OR DELETE', 'assignments'],
];
/** The rows to apply in place: visits by id, problems by rowid. */
const ROW_TRIGGERS = [
  `AFTER INSERT ON main.visits WHEN new.completed_revision IS NOT NULL BEGIN INSERT OR IGNORE INTO temp.fact_changed_visits (id) VALUES (new.id); END`,
  `AFTER UPDATE OF firm_id, kind, officer, completed_revision ON main.visits BEGIN INSERT OR IGNORE INTO temp.fact_changed_visits (id) VALUES (new.id); END`,
  `AFTER INSERT ON main.visit_revisions BEGIN INSERT OR IGNORE INTO temp.fact_changed_visits (id) VALUES (new.visit_id); END`,
  `AFTER UPDATE ON main.visit_revisions BEGIN INSERT OR IGNORE INTO temp.fact_changed_visits (id) VALUES (new.visit_id); END`,
  `AFTER INSERT ON main.problems BEGIN INSERT OR IGNORE INTO temp.fact_changed_problems (row) VALUES (new.rowid); END`,
  `AFTER UPDATE ON main.problems BEGIN INSERT OR IGNORE INTO temp.fact_changed_problems (row) VALUES (new.rowid); END`,
];
type Stamps = Record<Group, number> & { dataVersion: number };

const cache = new WeakMap<Db, { facts: Facts; stamps: Stamps }>();
const counted = new WeakSet<Db>();
const loads = new WeakMap<Db, number>();

/** Temporary triggers (this connection only; nothing in the file changes) that count each group's row changes. */
function countChanges(db: Db): void {
  if (counted.has(db)) return;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS fact_changes (name TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  const seed = db.prepare('INSERT OR IGNORE INTO temp.fact_changes (name, n) VALUES (?, 0)');
  for (const group of GROUPS) seed.run(group);
  for (const [table, ops, group, when] of TRIGGERS) {
    for (const op of ops.split(' OR ')) {
      const name = `fact_changes_${group}_${table}_${op.split(' ')[0]!.toLowerCase()}`;
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS ${name} AFTER ${op} ON main.${table}${when ? ` WHEN ${when}` : ''} BEGIN UPDATE temp.fact_changes SET n = n + 1 WHERE name = '${group}'; END`);
    }
  }
  db.exec('CREATE TEMP TABLE IF NOT EXISTS fact_changed_problems (row INTEGER PRIMARY KEY)');
  db.exec('CREATE TEMP TABLE IF NOT EXISTS fact_changed_visits (id TEXT PRIMARY KEY)');
  ROW_TRIGGERS.forEach((body, i) => db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS fact_changed_rows_${i} ${body}`));
  counted.add(db);
}

function stampsOf(db: Db): Stamps {
  const rows = db.prepare('SELECT name, n FROM temp.fact_changes').raw().all() as [Group, number][];
  return { ...(Object.fromEntries(rows) as Record<Group, number>), dataVersion: db.pragma('data_version', { simple: true }) as number };
}

/** How many times this connection has read facts, wholly or in part (a diagnostic; tests use it). */
export function factLoads(db: Db): number {
  return loads.get(db) ?? 0;
}

/** The facts of `db`, read again for the groups whose tables changed since. */
export function factsOf(db: Db): Facts {
  countChanges(db);
  const now = stampsOf(db);
  const held = cache.get(db);
  if (held && GROUPS.every((g) => held.stamps[g] === now[g]) && held.stamps.dataVersion === now.dataVersion) return held.facts;
  loads.set(db, factLoads(db) + 1);
  // One read transaction: the groups read below see the same snapshot.
  const facts = db.transaction(() => {
    if (!held || held.stamps.dataVersion !== now.dataVersion || held.stamps.firms !== now.firms || held.stamps.visitLinks !== now.visitLinks) return loadAll(db);
    const changed = (g: Group) => held.stamps[g] !== now[g];
    const next: Facts = { ...held.facts };
    let reloadProblems = changed('problemLinks');
    let reloadSteps = reloadProblems || changed('steps');
    let problemRows: number[] = [];
    if (changed('visits')) {
      const patched = patchVisits(db, next);
      if (!patched) return loadAll(db);
      // A visit's new date moves its problems' days to resolve; a visit newly counted brings the problems it raised.
      if (patched.dateMoved) reloadProblems = true;
      problemRows = patched.appended.length ? (db.prepare(`SELECT rowid FROM problems WHERE raised_visit_id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(patched.appended)) as number[]) : [];
    }
    if (reloadProblems) next.problems = loadProblems(db, next.visits);
    else if (changed('problems') || problemRows.length) {
      const patched = patchProblems(db, next, problemRows);
      if (!patched) {
        next.problems = loadProblems(db, next.visits);
        reloadSteps = true;
      } else if (patched.newFinancing) reloadSteps = true; // a new financing problem may already have steps
    }
    if (reloadSteps) next.steps = loadSteps(db, next.problems);
    if (changed('visits') || changed('events')) next.events = loadEvents(db, next.firms);
    // A review, or an amendment (a new revision waits for its own review), moves what "passed" holds.
    if (changed('visits') || changed('reviews')) next.passed = loadPassed(db);
    if (changed('assignments')) next.assignments = loadAssignments(db, next.firms);
    return next;
  })();
  cache.set(db, { facts, stamps: now });
  return facts;
}

/**
 * One string object per distinct value: SQLite hands back a new string for every row, and
 * 400,000 copies of "financing", "open" or a date held ~20 MB the facts never needed
 * (kinds, statuses, categories, officers, banks and dates have a few thousand values at most).
 */
function interner(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    seen.set(text, text);
    return text;
  };
}

function loadAll(db: Db): Facts {
  const firms = loadFirms(db);
  const visits = loadVisits(db, firms);
  const problems = loadProblems(db, visits);
  return { firms, visits, problems, steps: loadSteps(db, problems), events: loadEvents(db, firms), passed: loadPassed(db), assignments: loadAssignments(db, firms) };
}

function loadAssignments(db: Db, firms: Facts['firms']): Facts['assignments'] {
  const rows = db.prepare('SELECT firm_id, since, username, name FROM firm_officer_periods ORDER BY firm_id, seq').raw().all() as [string, string, string | null, string | null][];
  const out: Facts['assignments'] = { firm: new Int32Array(rows.length), since: [], username: [], name: [] };
  const intern = interner();
  rows.forEach(([firmId, since, username, name], i) => {
    out.firm[i] = firms.index.get(firmId) ?? -1;
    out.since.push(intern(since));
    out.username.push(username === null ? null : intern(username));
    out.name.push(name === null ? null : intern(name));
  });
  return out;
}

/** The visits (and events) whose review state is passed: only reviewed ones are looked at. */
function loadPassed(db: Db): Set<string> {
  return new Set(
    db.prepare(`SELECT v.id FROM visits v WHERE v.id IN (SELECT visit_id FROM visit_reviews) AND v.completed_revision IS NOT NULL AND ${REVIEW_STATE} = 'passed'`).pluck().all() as string[],
  );
}

function loadFirms(db: Db): Facts['firms'] {
  const firms: Facts['firms'] = { county: [], keyTier: [], categories: [], index: new Map(), id: [], name: [], registerLastVisit: [] };
  const intern = interner();
  for (const [id, county, tier, categories, name, registerLastVisit] of db.prepare('SELECT id, county_code, key_tier, categories, name, register_last_visit FROM firms').raw().iterate() as IterableIterator<[string, string, string, string, string, string | null]>) {
    firms.index.set(id, firms.county.length);
    firms.id.push(id);
    firms.name.push(name);
    firms.registerLastVisit.push(registerLastVisit === null ? null : intern(registerLastVisit));
    firms.county.push(intern(county));
    firms.keyTier.push(intern(tier));
    firms.categories.push((JSON.parse(categories) as string[]).map(intern));
  }
  return firms;
}

// Rows are streamed, not read into one array: loading 170,000 rows at once left ~100 MB of
// process memory behind. The counted revision of a visit is its latest completed one.
function loadVisits(db: Db, firms: Facts['firms']): Facts['visits'] {
  db.prepare('DELETE FROM temp.fact_changed_visits').run(); // all of them are read now
  const n = db.prepare('SELECT COUNT(*) FROM visits WHERE completed_revision IS NOT NULL').pluck().get() as number;
  const visits: Facts['visits'] = { date: [], dateMs: new Float64Array(n), firm: new Int32Array(n), kind: [], officer: [], financing: new Float64Array(n), matchmaking: new Uint8Array(n), index: new Map() };
  const parse = dayParser();
  const intern = interner();
  const rows = db
    .prepare(
      `SELECT v.id, v.firm_id, v.kind, v.officer, r.visit_date, r.financing_amount, r.wants_matchmaking
       FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string, string, string, string, number | null, number | null]>;
  let i = 0;
  for (const [id, firmId, kind, officer, date, amount, matchmaking] of rows) {
    visits.index.set(id, i);
    visits.date.push(intern(date));
    visits.dateMs[i] = parse(date);
    visits.firm[i] = firms.index.get(firmId) ?? -1;
    visits.kind.push(intern(kind));
    visits.officer.push(intern(officer));
    // Financing figures come from diagnosis visits only (the rule in shared/domain/summary.ts).
    visits.financing[i] = kind === 'diagnosis' && amount !== null ? amount : 0;
    visits.matchmaking[i] = kind === 'diagnosis' && matchmaking === 1 ? 1 : 0;
    i++;
  }
  return visits;
}

function loadProblems(db: Db, visits: Facts['visits']): Facts['problems'] {
  const count = db.prepare('SELECT COUNT(*) FROM problems').pluck().get() as number;
  // Problem rowids are dense: an array indexed by rowid is a tenth of a Map's memory.
  const maxRowid = (db.prepare('SELECT COALESCE(MAX(rowid), 0) FROM problems').pluck().get() as number) + 1;
  const problems: Facts['problems'] = { visit: new Int32Array(count), category: [], status: [], days: new Int32Array(count), financingVisit: new Map(), byRowid: new Int32Array(maxRowid).fill(-1), demand: [] };
  const parse = dayParser();
  const intern = interner();
  let m = 0;
  // The id only of financing problems (the steps' cases): 120,000 strings fewer to make.
  const rows = db.prepare(`SELECT rowid, raised_visit_id, category, status, resolved_at, CASE WHEN category = 'financing' THEN id END, ${DEMAND_FACT_SQL} FROM problems`).raw().iterate() as IterableIterator<[number, string, string, string, string | null, string | null, string | null]>;
  for (const [row, visitId, category, status, resolvedAt, financingId, demand] of rows) {
    const visit = visits.index.get(visitId);
    if (visit === undefined) continue; // raised by a visit never completed: not counted
    // Financing problems by id, to their raising visit: the steps find their case here, not by a join per step.
    if (financingId !== null) problems.financingVisit.set(financingId, visit);
    problems.byRowid[row] = m;
    problems.visit[m] = visit;
    problems.category.push(intern(category));
    problems.status.push(intern(status));
    problems.days[m] = daysToResolve(status, resolvedAt, visits.dateMs[visit]!, parse);
    problems.demand.push(demandFactOf(demand));
    m++;
  }
  db.prepare('DELETE FROM temp.fact_changed_problems').run();
  problems.visit = problems.visit.subarray(0, m);
  problems.days = problems.days.subarray(0, m);
  return problems;
}

function loadSteps(db: Db, problems: Facts['problems']): Facts['steps'] {
  const count = db.prepare('SELECT COUNT(*) FROM financing_steps').pluck().get() as number;
  const steps: Facts['steps'] = { visit: new Int32Array(count), stage: [], bank: [], date: [], amount: new Float64Array(count) };
  const intern = interner();
  let k = 0;
  const rows = db.prepare('SELECT problem_id, stage, bank, on_date, amount FROM financing_steps ORDER BY on_date, visit_id').raw().iterate() as IterableIterator<[string, string, string, string, number | null]>;
  for (const [problemId, stage, bank, date, amount] of rows) {
    const visit = problems.financingVisit.get(problemId);
    if (visit === undefined) continue;
    steps.visit[k] = visit;
    steps.stage.push(intern(stage));
    steps.bank.push(intern(bank));
    steps.date.push(intern(date));
    steps.amount[k] = amount ?? 0;
    k++;
  }
  steps.visit = steps.visit.subarray(0, k);
  steps.amount = steps.amount.subarray(0, k);
  return steps;
}

function loadEvents(db: Db, firms: Facts['firms']): Facts['events'] {
  const events: Facts['events'] = { id: [], date: [], county: [], officer: [], kind: [], attended: [] };
  const eventIndex = new Map<string, number>();
  const intern = interner();
  const rows = db
    .prepare(
      `SELECT v.id, r.visit_date, json_extract(r.answers, '$.countyCode'), v.officer, json_extract(r.answers, '$.eventKind')
       FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision WHERE v.kind = 'event'`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string, string, string, string]>;
  for (const [id, date, county, officer, kind] of rows) {
    eventIndex.set(id, events.date.length);
    events.id.push(id);
    events.date.push(intern(date));
    events.county.push(intern(county));
    events.officer.push(intern(officer));
    events.kind.push(intern(kind));
    events.attended.push([]);
  }
  for (const [visitId, firmId] of db.prepare('SELECT visit_id, firm_id FROM event_firms WHERE attended = 1').raw().iterate() as IterableIterator<[string, string]>) {
    const e = eventIndex.get(visitId);
    const f = firms.index.get(firmId);
    if (e !== undefined && f !== undefined) events.attended[e]!.push(f);
  }
  return events;
}
