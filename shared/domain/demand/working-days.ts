import { z } from 'zod';
import { dayNumber, isoOf, weekdayOf } from '../days';
import { STATE_COUNCIL_CALENDARS } from './calendar-seed';

/**
 * Working days (工作日) as the bureau counts them (issue 31): Monday to Friday, except the
 * public holidays of its calendar, plus the make-up working days (调休) on weekends. The
 * calendar is a reference list of the directory (kind `work_calendar`, code = the date,
 * detail `{ type, name, source }`), kept by administrators and pulled by laptops; the one
 * function here counts for the laptop and the server alike. A year the calendar does not
 * cover counts weekends only, and says so (`uncoveredYears`).
 */
export const CALENDAR_KIND = 'work_calendar';
export const CALENDAR_DAY_TYPES = ['holiday', 'workday'] as const;
export type CalendarDayType = (typeof CALENDAR_DAY_TYPES)[number];
export const CalendarDetail = z.object({ type: z.enum(CALENDAR_DAY_TYPES), name: z.string().max(100).optional(), source: z.string().max(300).optional() });

export interface WorkCalendar {
  /** Holidays that fall on weekdays, and make-up days that fall on weekends, by day number, sorted. */
  readonly holidaysOnWeekdays: readonly number[];
  readonly workdaysOnWeekends: readonly number[];
  readonly types: ReadonlyMap<number, CalendarDayType>;
  readonly years: ReadonlySet<number>;
}

export function workCalendar(days: readonly { date: string; type: CalendarDayType }[]): WorkCalendar {
  const types = new Map<number, CalendarDayType>();
  const years = new Set<number>();
  for (const d of days) {
    types.set(dayNumber(d.date), d.type);
    years.add(Number(d.date.slice(0, 4)));
  }
  const holidaysOnWeekdays: number[] = [];
  const workdaysOnWeekends: number[] = [];
  for (const [day, type] of types) {
    const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
    if (type === 'holiday' && !weekend) holidaysOnWeekdays.push(day);
    if (type === 'workday' && weekend) workdaysOnWeekends.push(day);
  }
  holidaysOnWeekdays.sort((a, b) => a - b);
  workdaysOnWeekends.sort((a, b) => a - b);
  return { holidaysOnWeekdays, workdaysOnWeekends, types, years };
}

/** The calendar from the directory's reference items (an unreadable row is skipped). */
export function calendarOfItems(items: readonly { code: string; active?: boolean; detail?: unknown }[]): WorkCalendar {
  const days: { date: string; type: CalendarDayType }[] = [];
  for (const item of items) {
    const detail = CalendarDetail.safeParse(item.detail);
    if (item.active !== false && detail.success && /^\d{4}-\d{2}-\d{2}$/.test(item.code)) days.push({ date: item.code, type: detail.data.type });
  }
  return workCalendar(days);
}

/** The schedules this version knows (calendar-seed.ts): a laptop's calendar until it pulls the bureau's. */
export const BUILT_IN_CALENDAR = workCalendar(STATE_COUNCIL_CALENDARS.flatMap((y) => y.days));

// Mon–Fri among the first r days of a week that starts on a Thursday (day 0 was one).
const WEEKDAYS_BEFORE = [0, 1, 2, 2, 2, 3, 4];
const weekdaysBefore = (day: number): number => 5 * Math.floor(day / 7) + WEEKDAYS_BEFORE[((day % 7) + 7) % 7]!;
/** How many of the sorted days are ≤ day. */
function countUpTo(sorted: readonly number[], day: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working days from the epoch up to and including `day`: counts are differences of these. */
function workingOrdinal(day: number, cal: WorkCalendar): number {
  return weekdaysBefore(day + 1) - countUpTo(cal.holidaysOnWeekdays, day) + countUpTo(cal.workdaysOnWeekends, day);
}

export function isWorkingDay(day: number, cal: WorkCalendar): boolean {
  const type = cal.types.get(day);
  if (type) return type === 'workday';
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6;
}

/** Working days after `from` up to and including `to` (negative when `to` is earlier). */
export function workingDaysBetween(from: number, to: number, cal: WorkCalendar): number {
  return workingOrdinal(to, cal) - workingOrdinal(from, cal);
}

/**
 * The `n`th working day after `from` (the day itself not counted: handed on Friday with one
 * day to take it up, it is due on Monday). A day adds at most one working day, so the answer
 * is at least `n` days on: the search steps from there.
 */
export function addWorkingDays(from: number, n: number, cal: WorkCalendar): number {
  if (n <= 0) return from;
  const target = workingOrdinal(from, cal) + n;
  let day = from + n;
  while (workingOrdinal(day, cal) < target) day++;
  return day;
}

/** Years between the two days (inclusive) the calendar does not cover: counted with weekends only. */
export function uncoveredYears(from: number, to: number, cal: WorkCalendar): number[] {
  const out: number[] = [];
  for (let y = Number(isoOf(from).slice(0, 4)); y <= Number(isoOf(to).slice(0, 4)); y++) if (!cal.years.has(y)) out.push(y);
  return out;
}
