import { BUILT_IN_CALENDAR, CALENDAR_KIND, calendarOfItems, type WorkCalendar } from '../../../shared/domain/demand/working-days';
import { LIMITS_KIND, limitsOfItems, type LimitsByUrgency } from '../../../shared/domain/demand/deadlines';
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
