import { z } from 'zod';
import { dayNumber, isoOf } from '../days';
import { URGENCIES } from '../urgency';
import { addWorkingDays, uncoveredYears, workingDaysBetween, type WorkCalendar } from './working-days';

/**
 * A handed demand's three deadlines in working days from the day it was handed (issue 31):
 * taken up within 1, answered within 3, resolved within 15 — set by the bureau, optionally per
 * urgency (reference list `demand_limits`, code = urgency, detail = the three numbers). A
 * supervisor may extend the resolve deadline to at most 30 working days.
 */
export const LIMITS_KIND = 'demand_limits';
export const MAX_RESOLVE_DAYS = 30;
export const DemandLimits = z
  .strictObject({ takeUp: z.number().int().min(1).max(10), answer: z.number().int().min(1).max(20), resolve: z.number().int().min(1).max(MAX_RESOLVE_DAYS) })
  .refine((l) => l.takeUp <= l.answer && l.answer <= l.resolve, { message: 'demand.limitsOrder' });
export type DemandLimits = z.infer<typeof DemandLimits>;
export const DEFAULT_LIMITS: DemandLimits = { takeUp: 1, answer: 3, resolve: 15 };
export type LimitsByUrgency = Record<(typeof URGENCIES)[number], DemandLimits>;

export function limitsOfItems(items: readonly { code: string; active?: boolean; detail?: unknown }[]): LimitsByUrgency {
  const out: LimitsByUrgency = { low: DEFAULT_LIMITS, normal: DEFAULT_LIMITS, high: DEFAULT_LIMITS };
  for (const item of items) {
    const limits = DemandLimits.safeParse(item.detail);
    if (item.active !== false && limits.success && (URGENCIES as readonly string[]).includes(item.code)) out[item.code as keyof LimitsByUrgency] = limits.data;
  }
  return out;
}
export const limitsFor = (all: LimitsByUrgency, urgency: string): DemandLimits => all[urgency as keyof LimitsByUrgency] ?? DEFAULT_LIMITS;

export const DEADLINE_STEPS = ['takeUp', 'answer', 'resolve'] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];
export type Light = 'green' | 'yellow' | 'red';
/** Yellow once this share of the time to the next unmet deadline is used. */
export const YELLOW_SHARE = 0.8;

export interface Deadlines {
  takeUp: string;
  answer: string;
  resolve: string;
  /** Working days allowed to resolve (the limit, or the extension). */
  resolveDays: number;
  /** Years from the handing to the resolve deadline the calendar does not cover (weekends only there). */
  uncovered: number[];
}

// A county's demands are handed on a few hundred days: each (day, limits) is counted once per calendar.
const memo = new WeakMap<WorkCalendar, Map<string, Deadlines>>();

export function deadlinesOf(handedOn: string, limits: DemandLimits, extensionDays: number | null, cal: WorkCalendar): Deadlines {
  let known = memo.get(cal);
  if (!known) memo.set(cal, (known = new Map()));
  const key = `${handedOn}|${limits.takeUp}|${limits.answer}|${limits.resolve}|${extensionDays ?? ''}`;
  let out = known.get(key);
  if (!out) {
    if (known.size > 50_000) known.clear();
    known.set(key, (out = countDeadlines(handedOn, limits, extensionDays, cal)));
  }
  return out;
}

function countDeadlines(handedOn: string, limits: DemandLimits, extensionDays: number | null, cal: WorkCalendar): Deadlines {
  const from = dayNumber(handedOn);
  const resolveDays = Math.min(MAX_RESOLVE_DAYS, Math.max(limits.resolve, extensionDays ?? 0));
  const resolve = addWorkingDays(from, resolveDays, cal);
  return { takeUp: isoOf(addWorkingDays(from, limits.takeUp, cal)), answer: isoOf(addWorkingDays(from, limits.answer, cal)), resolve: isoOf(resolve), resolveDays, uncovered: uncoveredYears(from, resolve, cal) };
}

export interface DemandClock {
  status: string;
  urgency: string;
  handedOn: string | null;
  takenUpOn: string | null;
  answeredOn: string | null;
  resolvedOn: string | null;
  extension: { days: number } | null;
}

export interface Supervision {
  deadlines: Deadlines;
  /** The first deadline not yet met; null once resolved. */
  next: DeadlineStep | null;
  /** Null once resolved. */
  light: Light | null;
  /** Working days past the next deadline (0 when not late). */
  lateDays: number;
  /** Resolved: on or before the resolve deadline. */
  onTime: boolean | null;
  /** Working days from the handing to the resolution. */
  daysToResolve: number | null;
}

/**
 * Where a handed demand stands on `today` (null when never handed): green, yellow when 80 % of
 * the working days to its next unmet deadline are used, red once that deadline has passed.
 */
export function supervise(p: DemandClock, limitsByUrgency: LimitsByUrgency, cal: WorkCalendar, today: string): Supervision | null {
  if (!p.handedOn) return null;
  const limits = limitsFor(limitsByUrgency, p.urgency);
  const deadlines = deadlinesOf(p.handedOn, limits, p.extension?.days ?? null, cal);
  const from = dayNumber(p.handedOn);
  if (p.status === 'resolved') {
    const on = p.resolvedOn ?? today;
    return { deadlines, next: null, light: null, lateDays: 0, onTime: on <= deadlines.resolve, daysToResolve: Math.max(0, workingDaysBetween(from, dayNumber(on), cal)) };
  }
  const next: DeadlineStep = !p.takenUpOn && !p.answeredOn ? 'takeUp' : !p.answeredOn ? 'answer' : 'resolve';
  const allowed = next === 'takeUp' ? limits.takeUp : next === 'answer' ? limits.answer : deadlines.resolveDays;
  const now = dayNumber(today);
  const used = workingDaysBetween(from, now, cal);
  const due = deadlines[next];
  const light: Light = today > due ? 'red' : used >= YELLOW_SHARE * allowed ? 'yellow' : 'green';
  return { deadlines, next, light, lateDays: light === 'red' ? Math.max(1, workingDaysBetween(dayNumber(due), now, cal)) : 0, onTime: null, daysToResolve: null };
}
