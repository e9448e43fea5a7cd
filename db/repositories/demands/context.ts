import { BUILT_IN_CALENDAR, CALENDAR_KIND, calendarOfItems, type WorkCalendar } from '../../../shared/domain/demand/working-days';
import { LIMITS_KIND, limitsOfItems, type DemandClock, type LimitsByUrgency } from '../../../shared/domain/demand/deadlines';
import type { Db } from '../../open';
import { statement } from '../../statements';

/** What a demand's deadlines are counted with on this laptop: the bureau's calendar and limits as last pulled. */
export interface DemandContext {
  calendar: WorkCalendar;
  limits: LimitsByUrgency;
  /** False until the bureau's calendar has been pulled: the schedules this version knows stand in. */
  bureauCalendar: boolean;
}

const itemsOf = (db: Db, kind: string) =>
  (statement(db, 'SELECT code, active, detail FROM reference_items WHERE kind = ?').all(kind) as { code: string; active: number; detail: string | null }[]).map((r) => ({
    code: r.code,
    active: r.active === 1,
    detail: r.detail ? (JSON.parse(r.detail) as unknown) : null,
  }));

// Read once per pull: a list of 5,000 problems must not parse the calendar 5,000 times.
const cached = new WeakMap<Db, { key: string; context: DemandContext }>();

export function demandContext(db: Db): DemandContext {
  // The lists' whole text (a few hundred rows) is the key: comparing it costs far less than parsing them.
  const key = String(statement(db, `SELECT COALESCE(group_concat(kind || code || active || COALESCE(detail, ''), ';'), '') FROM reference_items WHERE kind IN (?, ?)`).pluck().get(CALENDAR_KIND, LIMITS_KIND));
  const hit = cached.get(db);
  if (hit?.key === key) return hit.context;
  const days = itemsOf(db, CALENDAR_KIND);
  const context = { calendar: days.length ? calendarOfItems(days) : BUILT_IN_CALENDAR, limits: limitsOfItems(itemsOf(db, LIMITS_KIND)), bureauCalendar: days.length > 0 };
  cached.set(db, { key, context });
  return context;
}

/** The columns of `problems` a demand's clock is counted from (`CLOCK_COLUMNS`), as stored. */
export interface ClockRow {
  status: string;
  urgency: string;
  handed_on: string | null;
  taken_up_on: string | null;
  answered_on: string | null;
  resolved_on: string | null;
  extension: string | null;
}
export const CLOCK_COLUMNS = 'status, urgency, handed_on, taken_up_on, answered_on, resolved_on, extension';

/** A stored row as `supervise` reads it. */
export const clockOf = (r: ClockRow): DemandClock => ({
  status: r.status,
  urgency: r.urgency,
  handedOn: r.handed_on,
  takenUpOn: r.taken_up_on,
  answeredOn: r.answered_on,
  resolvedOn: r.resolved_on,
  extension: r.extension ? (JSON.parse(r.extension) as { days: number }) : null,
});
