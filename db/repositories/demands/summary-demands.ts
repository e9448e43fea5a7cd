import { supervise } from '../../../shared/domain/demand/deadlines';
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
}

/**
 * Counts the demands of the counted problems (the rules in shared/domain/summary.ts): handed,
 * resolved, on time, overdue at the period's end, working days to resolve, call-backs and their
 * verdicts, extensions — in all and by county, department, responsible officer and category.
 */
export class DemandCounter {
  readonly totals: DemandTotals = { ...empty(), withoutCallback: 0 };
  private readonly groups = { county: new Map<string, Tally>(), department: new Map<string, Tally>(), officer: new Map<string, Tally>(), category: new Map<string, Tally>() };

  constructor(
    private readonly context: DemandContext,
    private readonly at: string,
  ) {}

  add(fact: DemandFact | null, status: string, keys: { county: string; department: string; officer: string; category: string }): void {
    if (status === 'resolved' && !fact?.verdict) this.totals.withoutCallback++;
    if (!fact) return;
    const into: Tally[] = [this.totals, row(this.groups.county, keys.county), row(this.groups.department, fact.department || keys.department), row(this.groups.officer, keys.officer), row(this.groups.category, keys.category)];
    if (fact.verdict) {
      for (const t of into) {
        t.callbacks++;
        if (fact.verdict !== 'dissatisfied') t.satisfied++;
      }
    }
    if (!fact.handedOn) return;
    const clock = supervise({ status, urgency: fact.urgency, handedOn: fact.handedOn, takenUpOn: null, answeredOn: null, resolvedOn: fact.resolvedOn, extension: fact.extensionDays ? { days: fact.extensionDays } : null }, this.context.limits, this.context.calendar, this.at)!;
    // Overdue at the period's end: the resolve deadline passed, not resolved (the department's earlier steps are the 督办 list's).
    const overdue = status !== 'resolved' && clock.deadlines.resolve < this.at;
    for (const t of into) {
      t.handed++;
      if (fact.extensionDays) t.extensions++;
      if (overdue) t.overdue++;
      if (status !== 'resolved') continue;
      t.resolved++;
      if (clock.onTime) t.onTime++;
      t.days += clock.daysToResolve ?? 0;
    }
  }

  rows(group: keyof DemandCounter['groups']): DemandFigureRow[] {
    return [...this.groups[group]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, t]) => figureRow(key, t));
  }
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
