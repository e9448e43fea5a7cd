import { standingAfter, type BankStanding, type FinancingStage } from '../../shared/domain/financing';
import type { SummaryFilter, Tally } from '../../shared/domain/summary';
import type { Db } from '../open';

/**
 * The lean facts every summary figure is counted from, held in memory per
 * connection: each visit's latest completed revision (date, firm, kind, officer,
 * financing) and each problem it raised (category, status, days to resolve).
 * A refresh after a filter change then walks typed arrays instead of joining
 * 120,000 problems to 50,000 visits in SQL (≈ 300 ms → a few ms). The facts are
 * read again whenever the database changed since (SQLite's change counters), so
 * a figure is never older than the data.
 */
interface Facts {
  stamp: string;
  firms: { county: string[]; keyTier: string[]; categories: string[][]; index: Map<string, number> };
  visits: { date: string[]; firm: Int32Array; kind: string[]; officer: string[]; financing: Float64Array; matchmaking: Uint8Array };
  problems: { visit: Int32Array; category: string[]; status: string[]; days: Int32Array };
  /** Financing steps, by the date they happened (then the reporting visit): each with its case's visit. */
  steps: { visit: Int32Array; stage: string[]; bank: string[]; date: string[]; amount: Float64Array };
  /** Completed events (latest revision) and, per event, the firms that came (indexes into firms). */
  events: { date: string[]; county: string[]; officer: string[]; kind: string[]; attended: number[][] };
}

const cache = new WeakMap<Db, Facts>();
/** Row changes of this connection that were only temp tables (exports' counted rows): they do not move the stamp. */
const scratchChanges = new WeakMap<Db, number>();
const DAY_MS = 86_400_000;

const totalChanges = (db: Db) => db.prepare('SELECT total_changes()').pluck().get() as number;

/** Changes by this connection (total_changes, less its temp-table writes) or any other (data_version) move the stamp. */
function stampOf(db: Db): string {
  return `${totalChanges(db) - (scratchChanges.get(db) ?? 0)}:${db.pragma('data_version', { simple: true }) as number}`;
}

/**
 * Runs `writeTempTables`, whose writes touch only temp tables, without making the
 * next summary read the facts again (an export followed by a filter change stays fast).
 */
export function writingTempTablesOnly<T>(db: Db, writeTempTables: () => T): T {
  const before = totalChanges(db);
  try {
    return writeTempTables();
  } finally {
    scratchChanges.set(db, (scratchChanges.get(db) ?? 0) + totalChanges(db) - before);
  }
}

function load(db: Db, stamp: string): Facts {
  const firmRows = db.prepare('SELECT id, county_code, key_tier, categories FROM firms').raw().all() as [string, string, string, string][];
  const firms: Facts['firms'] = { county: [], keyTier: [], categories: [], index: new Map() };
  for (const [id, county, tier, categories] of firmRows) {
    firms.index.set(id, firms.county.length);
    firms.county.push(county);
    firms.keyTier.push(tier);
    firms.categories.push(JSON.parse(categories) as string[]);
  }

  // Rows are streamed, not read into one array: loading 170,000 rows at once left
  // ~100 MB of process memory behind. The counted revision of a visit is its
  // latest completed one (visits.completed_revision).
  const n = db.prepare('SELECT COUNT(*) FROM visits WHERE completed_revision IS NOT NULL').pluck().get() as number;
  const visits: Facts['visits'] = { date: [], firm: new Int32Array(n), kind: [], officer: [], financing: new Float64Array(n), matchmaking: new Uint8Array(n) };
  const visitIndex = new Map<string, number>();
  const visitRows = db
    .prepare(
      `SELECT v.id, v.firm_id, v.kind, v.officer, r.visit_date, r.financing_amount, r.wants_matchmaking
       FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string, string, string, string, number | null, number | null]>;
  let i = 0;
  for (const [id, firmId, kind, officer, date, amount, matchmaking] of visitRows) {
    visitIndex.set(id, i);
    visits.date.push(date);
    visits.firm[i] = firms.index.get(firmId) ?? -1;
    visits.kind.push(kind);
    visits.officer.push(officer);
    // Financing figures come from diagnosis visits only (the rule in shared/domain/summary.ts).
    visits.financing[i] = kind === 'diagnosis' && amount !== null ? amount : 0;
    visits.matchmaking[i] = kind === 'diagnosis' && matchmaking === 1 ? 1 : 0;
    i++;
  }

  const problemCount = db.prepare('SELECT COUNT(*) FROM problems').pluck().get() as number;
  const problems: Facts['problems'] = { visit: new Int32Array(problemCount), category: [], status: [], days: new Int32Array(problemCount) };
  let m = 0;
  // Financing problems by id, to their raising visit: the steps below find their case here, not by a join per step.
  const financingProblemVisit = new Map<string, number>();
  const problemRows = db.prepare('SELECT raised_visit_id, category, status, resolved_at, id FROM problems').raw().iterate() as IterableIterator<[string, string, string, string | null, string]>;
  for (const [visitId, category, status, resolvedAt, problemId] of problemRows) {
    const visit = visitIndex.get(visitId);
    if (visit === undefined) continue; // raised by a visit never completed: not counted
    if (category === 'financing') financingProblemVisit.set(problemId, visit);
    problems.visit[m] = visit;
    problems.category.push(category);
    problems.status.push(status);
    // Whole days from the raising visit's date to the resolution date, never negative; -1 = not resolved.
    problems.days[m] =
      status === 'resolved' && resolvedAt
        ? Math.max(0, Math.round((Date.parse(resolvedAt.slice(0, 10)) - Date.parse(visits.date[visit]!)) / DAY_MS))
        : -1;
    m++;
  }
  problems.visit = problems.visit.subarray(0, m);
  problems.days = problems.days.subarray(0, m);

  const stepCount = db.prepare('SELECT COUNT(*) FROM financing_steps').pluck().get() as number;
  const steps: Facts['steps'] = { visit: new Int32Array(stepCount), stage: [], bank: [], date: [], amount: new Float64Array(stepCount) };
  let k = 0;
  const stepRows = db
    .prepare('SELECT problem_id, stage, bank, on_date, amount FROM financing_steps ORDER BY on_date, visit_id')
    .raw()
    .iterate() as IterableIterator<[string, string, string, string, number | null]>;
  for (const [problemId, stage, bank, date, amount] of stepRows) {
    const visit = financingProblemVisit.get(problemId);
    if (visit === undefined) continue;
    steps.visit[k] = visit;
    steps.stage.push(stage);
    steps.bank.push(bank);
    steps.date.push(date);
    steps.amount[k] = amount ?? 0;
    k++;
  }
  steps.visit = steps.visit.subarray(0, k);
  steps.amount = steps.amount.subarray(0, k);
  return { stamp, firms, visits, problems, steps, events: loadEvents(db, firms.index) };
}

function loadEvents(db: Db, firmIndex: ReadonlyMap<string, number>): Facts['events'] {
  const events: Facts['events'] = { date: [], county: [], officer: [], kind: [], attended: [] };
  const eventIndex = new Map<string, number>();
  const rows = db
    .prepare(
      `SELECT v.id, r.visit_date, json_extract(r.answers, '$.countyCode'), v.officer, json_extract(r.answers, '$.eventKind')
       FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision WHERE v.kind = 'event'`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string, string, string, string]>;
  for (const [id, date, county, officer, kind] of rows) {
    eventIndex.set(id, events.date.length);
    events.date.push(date);
    events.county.push(county);
    events.officer.push(officer);
    events.kind.push(kind);
    events.attended.push([]);
  }
  for (const [visitId, firmId] of db.prepare('SELECT visit_id, firm_id FROM event_firms WHERE attended = 1').raw().iterate() as IterableIterator<[string, string]>) {
    const e = eventIndex.get(visitId);
    const f = firmIndex.get(firmId);
    if (e !== undefined && f !== undefined) events.attended[e]!.push(f);
  }
  return events;
}

const loads = new WeakMap<Db, number>();

/** How many times this connection has read the facts (a diagnostic; tests use it). */
export function factLoads(db: Db): number {
  return loads.get(db) ?? 0;
}

function factsOf(db: Db): Facts {
  const stamp = stampOf(db);
  let facts = cache.get(db);
  if (facts?.stamp !== stamp) {
    loads.set(db, factLoads(db) + 1);
    // One read transaction: the counts and the rows below see the same snapshot.
    facts = db.transaction(() => load(db, stamp))();
    cache.set(db, facts);
  }
  return facts;
}

export interface FinancingFigures {
  referred: number;
  approved: number;
  received: number;
  /** Σ min(received, need) over the cases: the demand met. */
  met: number;
  daysToFunds: Tally[];
  byBank: Map<string, { cases: number; approved: number; received: number }>;
  byMonth: Map<string, { approved: number; received: number }>;
  byCounty: Map<string, { demand: number; received: number }>;
}

export interface CountedFigures {
  visits: number;
  firmsVisited: number;
  financingDemand: number;
  matchmakingFirms: number;
  keyFirms: number;
  keyFirmsVisited: number;
  perMonth: Map<string, number>;
  perCounty: Map<string, { visits: number; firms: number }>;
  /** category → [open, in progress, resolved] */
  problems: Map<string, [number, number, number]>;
  daysToResolve: Tally[];
  financing: FinancingFigures;
  /** Firms with a counted eliminated-product problem, and those whose every such problem is resolved. */
  eliminatedFirms: number;
  eliminatedFirmsResolved: number;
  events: EventFigures;
}

export interface EventFigures {
  held: number;
  firmsReached: number;
  /** event kind → events held, firms reached */
  byKind: Map<string, { events: number; firmsReached: number }>;
}

const STATUS_SLOT: Record<string, 0 | 1 | 2> = { open: 0, in_progress: 1, resolved: 2 };

/** The figures of the counted visits and problems of `filter` (the rules in shared/domain/summary.ts). */
export function countFigures(db: Db, filter: SummaryFilter): CountedFigures {
  const { firms, visits, problems, steps, events } = factsOf(db);
  const firmInScope = firms.county.map(
    (county, f) => (!filter.countyCode || county === filter.countyCode) && (filter.firmCategory === undefined || firms.categories[f]!.includes(filter.firmCategory)),
  );
  const firmCounted = firms.county.map((_, f) => firmInScope[f]! && (!filter.keyTier || firms.keyTier[f] === filter.keyTier));

  const counted = new Uint8Array(visits.date.length);
  const firmSeen = new Uint8Array(firms.county.length);
  const firmMatchmaking = new Uint8Array(firms.county.length);
  const out: CountedFigures = { visits: 0, firmsVisited: 0, financingDemand: 0, matchmakingFirms: 0, keyFirms: 0, keyFirmsVisited: 0, perMonth: new Map(), perCounty: new Map(), problems: new Map(), daysToResolve: [], eliminatedFirms: 0, eliminatedFirmsResolved: 0, financing: emptyFinancing(), events: { held: 0, firmsReached: 0, byKind: new Map() } };
  for (let i = 0; i < counted.length; i++) {
    const f = visits.firm[i]!;
    const date = visits.date[i]!;
    if (f < 0 || !firmCounted[f] || !date || date < filter.from || date > filter.to) continue;
    if ((filter.kind && visits.kind[i] !== filter.kind) || (filter.officer !== undefined && visits.officer[i] !== filter.officer)) continue;
    counted[i] = 1;
    out.visits++;
    out.financingDemand += visits.financing[i]!;
    const month = date.slice(0, 7);
    out.perMonth.set(month, (out.perMonth.get(month) ?? 0) + 1);
    const county = firms.county[f]!;
    const c = out.perCounty.get(county) ?? { visits: 0, firms: 0 };
    c.visits++;
    if (!firmSeen[f]) {
      firmSeen[f] = 1;
      c.firms++;
      out.firmsVisited++;
    }
    out.perCounty.set(county, c);
    if (visits.matchmaking[i] && !firmMatchmaking[f]) {
      firmMatchmaking[f] = 1;
      out.matchmakingFirms++;
    }
  }
  // Coverage: the key firms of the filtered counties and firm category, visited or not.
  firms.keyTier.forEach((tier, f) => {
    if (tier !== 'key' || !firmInScope[f]) return;
    out.keyFirms++;
    if (firmSeen[f]) out.keyFirmsVisited++;
  });

  const days = new Map<number, number>();
  // Per firm: 1 = has eliminated-product problems, all resolved so far; 2 = one is still open.
  const eliminated = new Uint8Array(firms.county.length);
  for (let j = 0; j < problems.visit.length; j++) {
    if (!counted[problems.visit[j]!]) continue;
    const category = problems.category[j]!;
    const status = problems.status[j]!;
    if ((filter.problemCategory && category !== filter.problemCategory) || (filter.problemStatus && status !== filter.problemStatus)) continue;
    const slots = out.problems.get(category) ?? [0, 0, 0];
    slots[STATUS_SLOT[status] ?? 0]++;
    out.problems.set(category, slots);
    const d = problems.days[j]!;
    if (d >= 0) days.set(d, (days.get(d) ?? 0) + 1);
    if (category === 'eliminated_product') {
      const f = visits.firm[problems.visit[j]!]!;
      eliminated[f] = status === 'resolved' && eliminated[f] !== 2 ? 1 : 2;
    }
  }
  for (const state of eliminated) {
    if (state) out.eliminatedFirms++;
    if (state === 1) out.eliminatedFirmsResolved++;
  }
  out.financing = countFinancing(counted, visits, firms, steps);
  out.events = countEvents(filter, events, firmCounted);
  out.daysToResolve = [...days].map(([value, count]) => ({ value, count }));
  return out;
}

/** Events held and firms reached (the rules in shared/domain/summary.ts). */
function countEvents(filter: SummaryFilter, events: Facts['events'], firmCounted: readonly boolean[]): EventFigures {
  const out: EventFigures = { held: 0, firmsReached: 0, byKind: new Map() };
  const reached = new Set<number>();
  const reachedByKind = new Map<string, Set<number>>();
  for (let e = 0; e < events.date.length; e++) {
    const date = events.date[e]!;
    if (!date || date < filter.from || date > filter.to) continue;
    if ((filter.countyCode && events.county[e] !== filter.countyCode) || (filter.officer !== undefined && events.officer[e] !== filter.officer)) continue;
    const kind = events.kind[e]!;
    out.held++;
    const row = out.byKind.get(kind) ?? { events: 0, firmsReached: 0 };
    row.events++;
    out.byKind.set(kind, row);
    const kindReached = reachedByKind.get(kind) ?? new Set<number>();
    reachedByKind.set(kind, kindReached);
    for (const f of events.attended[e]!) {
      if (!firmCounted[f]) continue;
      reached.add(f);
      kindReached.add(f);
    }
  }
  out.firmsReached = reached.size;
  for (const [kind, firmsOfKind] of reachedByKind) out.byKind.get(kind)!.firmsReached = firmsOfKind.size;
  return out;
}

const emptyFinancing = (): FinancingFigures => ({ referred: 0, approved: 0, received: 0, met: 0, daysToFunds: [], byBank: new Map(), byMonth: new Map(), byCounty: new Map() });

/**
 * The financing cases of the counted diagnosis visits with a need (the rules in
 * shared/domain/summary.ts). Steps come in date order; each case's standing with each
 * bank follows standingAfter, the rule the firm page shows too.
 */
function countFinancing(counted: Uint8Array, visits: Facts['visits'], firms: Facts['firms'], steps: Facts['steps']): FinancingFigures {
  const out = emptyFinancing();
  const isCase = (i: number) => counted[i] === 1 && visits.financing[i]! > 0;
  for (let i = 0; i < counted.length; i++) {
    if (!isCase(i)) continue;
    const county = firms.county[visits.firm[i]!]!;
    const c = out.byCounty.get(county) ?? { demand: 0, received: 0 };
    c.demand += visits.financing[i]!;
    out.byCounty.set(county, c);
  }
  const referred = new Set<number>();
  const standings = new Map<string, BankStanding>(); // case\nbank
  const received = new Map<number, number>();
  const firstFunds = new Map<number, string>();
  for (let j = 0; j < steps.visit.length; j++) {
    const i = steps.visit[j]!;
    if (!isCase(i)) continue;
    const bank = steps.bank[j]!;
    const stage = steps.stage[j]!;
    const date = steps.date[j]!;
    const amount = steps.amount[j]!;
    referred.add(i);
    const key = `${i}\n${bank}`;
    standings.set(key, standingAfter(standings.get(key), { stage: stage as FinancingStage, on: date, amount }));
    if (stage === 'funded') {
      received.set(i, (received.get(i) ?? 0) + amount);
      if (!firstFunds.has(i)) firstFunds.set(i, date);
      const m = monthRow(out, date.slice(0, 7));
      m.received += amount;
      out.byCounty.get(firms.county[visits.firm[i]!]!)!.received += amount;
      out.received += amount;
    }
  }
  for (const [key, { approved, decidedOn, received: got }] of standings) {
    const row = bankRow(out, key.slice(key.indexOf('\n') + 1));
    row.cases++; // one standing per case and bank
    row.received += got;
    if (approved === 0) continue;
    row.approved += approved;
    monthRow(out, decidedOn!.slice(0, 7)).approved += approved;
    out.approved += approved;
  }
  for (const i of referred) out.referred += visits.financing[i]!;
  const days = new Map<number, number>();
  for (const [i, got] of received) {
    out.met += Math.min(got, visits.financing[i]!);
    const d = Math.max(0, Math.round((Date.parse(firstFunds.get(i)!) - Date.parse(visits.date[i]!)) / DAY_MS));
    days.set(d, (days.get(d) ?? 0) + 1);
  }
  out.daysToFunds = [...days].map(([value, count]) => ({ value, count }));
  return out;
}

function bankRow(out: FinancingFigures, bank: string) {
  const row = out.byBank.get(bank) ?? { cases: 0, approved: 0, received: 0 };
  out.byBank.set(bank, row);
  return row;
}

function monthRow(out: FinancingFigures, month: string) {
  const row = out.byMonth.get(month) ?? { approved: 0, received: 0 };
  out.byMonth.set(month, row);
  return row;
}
