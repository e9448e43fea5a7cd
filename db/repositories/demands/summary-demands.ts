import { deadlinesOf, limitsFor } from '../../../shared/domain/demand/deadlines';
import { workingDaysBetween } from '../../../shared/domain/demand/working-days';
import { dayNumber } from '../../../shared/domain/days';
import { resolutionRate, type DemandFigureRow } from '../../../shared/domain/summary';
import type { DemandContext } from './context';
import type { DemandFact } from './demand-facts';

interface Tally {
  handed: number;
  resolved: number;
  onTime: number;
  overdue: number;
  days: number;
  callbacks: number;
  satisfied: number;
  extensions: number;
}
const empty = (): Tally => ({ handed: 0, resolved: 0, onTime: 0, overdue: 0, days: 0, callbacks: 0, satisfied: 0, extensions: 0 });

export interface DemandTotals extends Tally {
  /** Resolved before call-backs were recorded (issue 31): 办结 without the firm's word, left out of the satisfaction rate. */
  withoutCallback: number;
  /** Years a counted deadline falls in that the calendar does not cover (counted with weekends only). */
  uncovered: Set<number>;
}

/**
 * Counts the demands of the counted problems (the rules in shared/domain/summary.ts): handed,
 * resolved, on time, overdue at the period's end, working days to resolve, call-backs and their
 * verdicts, extensions — in all and by county, department, responsible officer and category.
 */
export class DemandCounter {
  readonly totals: DemandTotals = { ...empty(), withoutCallback: 0, uncovered: new Set() };
  private readonly groups = { county: new Map<string, Tally>(), department: new Map<string, Tally>(), officer: new Map<string, Tally>(), category: new Map<string, Tally>() };
  // 120,000 problems are handed on a few hundred days: each day's deadline, and each day's number, is counted once.
  private readonly deadlines = new Map<string, { resolve: string; from: number; uncovered: number[] }>();
  private readonly days = new Map<string, number>();

  constructor(
    private readonly context: DemandContext,
    private readonly at: string,
  ) {}

  /** One counted problem: its demand (null when never handed nor called back), today's status, and the groups it falls in. */
  add(fact: DemandFact | null, status: string, county: string, officer: string, category: string): void {
    const resolved = status === 'resolved';
    if (resolved && !fact?.verdict) this.totals.withoutCallback++;
    if (!fact) return;
    const flags = { callback: fact.verdict !== null, satisfied: fact.verdict !== null && fact.verdict !== 'dissatisfied', handed: false, extended: false, overdue: false, resolved, onTime: false, days: 0 };
    if (fact.handedOn) {
      const deadline = this.deadlineOf(fact);
      for (const year of deadline.uncovered) this.totals.uncovered.add(year);
      flags.handed = true;
      flags.extended = fact.extensionDays !== null && fact.extensionDays > 0;
      // Overdue at the period's end: the resolve deadline passed, not resolved (the department's earlier steps are the 督办 list's).
      flags.overdue = !resolved && deadline.resolve < this.at;
      if (resolved) {
        // As `supervise` counts a resolution: on time up to the deadline; working days from the handing (none before it).
        const on = fact.resolvedOn ?? this.at;
        flags.onTime = on <= deadline.resolve;
        flags.days = Math.max(0, workingDaysBetween(deadline.from, this.dayOf(on), this.context.calendar));
      }
    }
    bump(this.totals, flags);
    bump(row(this.groups.county, county), flags);
    bump(row(this.groups.department, fact.department), flags);
    bump(row(this.groups.officer, officer), flags);
    bump(row(this.groups.category, category), flags);
  }

  private deadlineOf(fact: DemandFact): { resolve: string; from: number; uncovered: number[] } {
    const key = `${fact.handedOn}|${fact.urgency}|${fact.extensionDays ?? ''}`;
    let d = this.deadlines.get(key);
    if (!d) {
      const counted = deadlinesOf(fact.handedOn!, limitsFor(this.context.limits, fact.urgency), fact.extensionDays, this.context.calendar);
      this.deadlines.set(key, (d = { resolve: counted.resolve, from: this.dayOf(fact.handedOn!), uncovered: counted.uncovered }));
    }
    return d;
  }

  private dayOf(iso: string): number {
    let n = this.days.get(iso);
    if (n === undefined) this.days.set(iso, (n = dayNumber(iso)));
    return n;
  }

  rows(group: keyof DemandCounter['groups']): DemandFigureRow[] {
    return [...this.groups[group]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, t]) => figureRow(key, t));
  }
}

interface Flags {
  callback: boolean;
  satisfied: boolean;
  handed: boolean;
  extended: boolean;
  overdue: boolean;
  resolved: boolean;
  onTime: boolean;
  days: number;
}

function bump(t: Tally, f: Flags): void {
  if (f.callback) t.callbacks++;
  if (f.satisfied) t.satisfied++;
  if (!f.handed) return;
  t.handed++;
  if (f.extended) t.extensions++;
  if (f.overdue) t.overdue++;
  if (!f.resolved) return;
  t.resolved++;
  if (f.onTime) t.onTime++;
  t.days += f.days;
}

function row(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = empty()));
  return t;
}

export function figureRow(key: string, t: Tally): DemandFigureRow {
  return {
    key,
    handed: t.handed,
    resolved: t.resolved,
    onTime: t.onTime,
    onTimeRate: resolutionRate(t.onTime, t.resolved),
    overdue: t.overdue,
    avgWorkingDays: t.resolved ? Math.round((t.days / t.resolved) * 10) / 10 : null,
    callbacks: t.callbacks,
    satisfied: t.satisfied,
    satisfactionRate: resolutionRate(t.satisfied, t.callbacks),
    extensions: t.extensions,
  };
}
