import { standingAfter, type BankStanding, type FinancingStage } from '../../shared/domain/financing';
import type { SummaryFilter, Tally } from '../../shared/domain/summary';
import type { Db } from '../open';
import { factsOf, type Facts } from './summary-fact-store';
import { DemandCounter } from './demands/summary-demands';
import { demandContext } from './demands/context';

export { factLoads } from './summary-fact-store';

const DAY_MS = 86_400_000;

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
  demands: DemandCounter;
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
  const { firms, visits, problems, steps, events, passed, assignments } = factsOf(db);
  // "Passed only" (审核): a visit counts when a supervisor passed its latest revision.
  let passedAt: Uint8Array | null = null;
  if (filter.passedOnly) {
    passedAt = new Uint8Array(visits.date.length);
    for (const id of passed) {
      const i = visits.index.get(id);
      if (i !== undefined) passedAt[i] = 1;
    }
  }
  const firmInScope = firms.county.map(
    (county, f) => (!filter.countyCode || county === filter.countyCode) && (filter.firmCategory === undefined || firms.categories[f]!.includes(filter.firmCategory)),
  );
  const firmCounted = firms.county.map((_, f) => firmInScope[f]! && (!filter.keyTier || firms.keyTier[f] === filter.keyTier));

  const counted = new Uint8Array(visits.date.length);
  const firmSeen = new Uint8Array(firms.county.length);
  const firmMatchmaking = new Uint8Array(firms.county.length);
  const out: CountedFigures = { visits: 0, firmsVisited: 0, financingDemand: 0, matchmakingFirms: 0, keyFirms: 0, keyFirmsVisited: 0, perMonth: new Map(), perCounty: new Map(), problems: new Map(), daysToResolve: [], eliminatedFirms: 0, eliminatedFirmsResolved: 0, financing: emptyFinancing(), events: { held: 0, firmsReached: 0, byKind: new Map() }, demands: new DemandCounter(demandContext(db), filter.to) };
  for (let i = 0; i < counted.length; i++) {
    const f = visits.firm[i]!;
    const date = visits.date[i]!;
    if (f < 0 || !firmCounted[f] || !date || date < filter.from || date > filter.to) continue;
    if ((filter.kind && visits.kind[i] !== filter.kind) || (filter.officer !== undefined && visits.officer[i] !== filter.officer)) continue;
    if (passedAt && !passedAt[i]) continue;
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
  // The officer a demand is addressed to: the firm's 包联 officer now (its latest period), else who raised it. Read when a demand needs it.
  let firmOfficer: (string | null)[] | null = null;
  const officerOf = (f: number, raisedBy: string): string => {
    if (!firmOfficer) {
      firmOfficer = new Array<string | null>(firms.county.length).fill(null);
      for (let a = 0; a < assignments.firm.length; a++) firmOfficer[assignments.firm[a]!] = assignments.name[a] ?? null;
    }
    return firmOfficer[f] ?? raisedBy;
  };
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
    const demand = problems.demand[j] ?? null;
    if (demand !== null || status === 'resolved') {
      const firm = visits.firm[problems.visit[j]!]!;
      out.demands.add(demand, status, firms.county[firm]!, demand ? officerOf(firm, visits.officer[problems.visit[j]!]!) : '', category);
    }
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
  out.events = countEvents(filter, events, firmCounted, passed);
  out.daysToResolve = [...days].map(([value, count]) => ({ value, count }));
  return out;
}

/** Events held and firms reached (the rules in shared/domain/summary.ts). */
function countEvents(filter: SummaryFilter, events: Facts['events'], firmCounted: readonly boolean[], passed: ReadonlySet<string>): EventFigures {
  const out: EventFigures = { held: 0, firmsReached: 0, byKind: new Map() };
  const reached = new Set<number>();
  const reachedByKind = new Map<string, Set<number>>();
  for (let e = 0; e < events.date.length; e++) {
    const date = events.date[e]!;
    if (!date || date < filter.from || date > filter.to) continue;
    if ((filter.countyCode && events.county[e] !== filter.countyCode) || (filter.officer !== undefined && events.officer[e] !== filter.officer)) continue;
    if (filter.passedOnly && !passed.has(events.id[e]!)) continue;
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
    const d = Math.max(0, Math.round((Date.parse(firstFunds.get(i)!) - visits.dateMs[i]!) / DAY_MS));
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
