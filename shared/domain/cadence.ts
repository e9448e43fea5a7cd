import { z } from 'zod';
import { KEY_TIERS, type KeyTier } from './firm';

/**
 * How often the bureau wants each assigned firm visited (issue 30), by key-firm tier: a
 * reference list of the directory (kind `visit_cadence`, code = tier, detail `{ days }`),
 * set by administrators and carried to laptops by the directory pull. Until the bureau sets
 * one, key firms are due monthly, cultivated ones every two months, the rest quarterly.
 */
export const CADENCE_KIND = 'visit_cadence';
export const CadenceDays = z.number().int().min(7).max(366);
export const Cadence = z.strictObject({ key: CadenceDays, cultivated: CadenceDays, none: CadenceDays });
export type Cadence = z.infer<typeof Cadence>;
export const DEFAULT_CADENCE: Cadence = { key: 30, cultivated: 60, none: 90 };
/** A firm is "due soon" this many days before its due date. */
export const DUE_SOON_DAYS = 7;

/** The cadence from the list's items (a missing or unreadable tier keeps its default). */
export function cadenceOf(items: readonly { code: string; detail?: unknown }[]): Cadence {
  const cadence = { ...DEFAULT_CADENCE };
  for (const item of items) {
    const days = CadenceDays.safeParse((item.detail as { days?: unknown } | null | undefined)?.days);
    if ((KEY_TIERS as readonly string[]).includes(item.code) && days.success) cadence[item.code as KeyTier] = days.data;
  }
  return cadence;
}

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string): number => Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export type DueState = 'overdue' | 'dueSoon' | 'onTrack';
export interface Due {
  /** The day the next visit is due: the last visit (or, never visited, the day of the assignment) plus the tier's cadence. */
  dueDate: string;
  state: DueState;
  /** Negative when overdue. */
  daysLeft: number;
  /** Days since the firm's last visit by anyone; null when never visited. */
  daysSinceVisit: number | null;
}

/** When an assigned firm is next due, counted from `today` (dates as YYYY-MM-DD, local days). */
export function dueOf(firm: { keyTier: KeyTier; lastVisitDate: string | null; assignedSince: string }, cadence: Cadence, today: string | number): Due {
  const now = typeof today === 'number' ? today : dayNumber(today);
  const visited = firm.lastVisitDate === null ? null : dayNumber(firm.lastVisitDate);
  const due = (visited ?? dayNumber(firm.assignedSince)) + cadence[firm.keyTier];
  const daysLeft = due - now;
  return {
    dueDate: isoOf(due),
    state: daysLeft < 0 ? 'overdue' : daysLeft <= DUE_SOON_DAYS ? 'dueSoon' : 'onTrack',
    daysLeft,
    daysSinceVisit: visited === null ? null : now - visited,
  };
}

/** A day as the number `dueOf` counts in (for a list: today parsed once). */
export const dayNumberOf = dayNumber;

/** An assigned firm at a period's end, as coverage counts it. */
export interface CoverageFirm {
  firmId: string;
  name: string;
  countyCode: string;
  keyTier: KeyTier;
  /** The officer in force at the period's end (their name as people know it). */
  officer: string;
  /** The day that officer's assignment began. */
  since: string;
  /** The firm's latest counted visit on or before the period's end; null when none. */
  lastVisit: string | null;
}

export interface Coverage {
  assigned: number;
  covered: number;
  byOfficer: Map<string, { assigned: number; covered: number }>;
  byCounty: Map<string, { assigned: number; covered: number }>;
  overdue: { firmId: string; name: string; countyCode: string; officer: string; lastVisit: string | null; dueDate: string; daysOverdue: number }[];
}

/**
 * 包联 coverage at `to` (the rule in shared/domain/summary.ts): an assigned firm is covered when
 * it is not overdue on that day by the due-list rule (`dueOf`) — its last visit, or never visited
 * the start of its officer's assignment, no more than its tier's cadence before `to`.
 */
export function coverageAt(firms: readonly CoverageFirm[], cadence: Cadence, to: string): Coverage {
  const now = dayNumber(to);
  // Dates repeat (a county's visits fall on a few hundred days): each is parsed once.
  const days = new Map<string, number>();
  const day = (d: string): number => {
    let n = days.get(d);
    if (n === undefined) days.set(d, (n = dayNumber(d)));
    return n;
  };
  const out: Coverage = { assigned: 0, covered: 0, byOfficer: new Map(), byCounty: new Map(), overdue: [] };
  const dueDates = new Map<number, string>();
  const tally = (map: Map<string, { assigned: number; covered: number }>, key: string, covered: boolean) => {
    let row = map.get(key);
    if (!row) map.set(key, (row = { assigned: 0, covered: 0 }));
    row.assigned++;
    if (covered) row.covered++;
  };
  for (const f of firms) {
    // The due-list rule (dueOf): due a cadence after the last visit, or never visited after the assignment began.
    const due = day(f.lastVisit ?? f.since) + cadence[f.keyTier];
    const covered = due >= now;
    out.assigned++;
    if (covered) out.covered++;
    tally(out.byOfficer, f.officer, covered);
    tally(out.byCounty, f.countyCode, covered);
    if (covered) continue;
    let dueDate = dueDates.get(due);
    if (dueDate === undefined) dueDates.set(due, (dueDate = isoOf(due)));
    out.overdue.push({ firmId: f.firmId, name: f.name, countyCode: f.countyCode, officer: f.officer, lastVisit: f.lastVisit, dueDate, daysOverdue: now - due });
  }
  out.overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}
