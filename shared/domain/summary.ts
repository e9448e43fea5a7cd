import { z } from 'zod';
import { FirmCertificate } from './certificates';
import { COUNTY_CODES } from './divisions';
import { KEY_TIERS } from './firm';
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from './problem';
import { IsoDate } from './answers/fields';
import { EVENT_KINDS, FIRM_VISIT_KINDS, VISIT_KINDS } from './answers';

/**
 * The counting rules of every summary, stated once. The summary screen, the XLSX,
 * CSV and PDF exports all read the same Summary object, so their numbers agree.
 *
 * - A visit counts when it is completed and its visit date falls in [from, to]
 *   (inclusive); its latest completed revision is the one counted.
 * - A visit's month is the YYYY-MM of its visit date; its county is its firm's.
 * - A problem counts when the visit that raised it counts; its status is today's.
 *   The problem category and status filters narrow the problem figures only,
 *   never the visit counts.
 * - Resolution rate = resolved ÷ counted problems (null when there are none).
 * - Days to resolve = whole days from the raising visit's date to the resolution
 *   date; the median is taken over resolved problems (null when none).
 * - Financing demand = the sum of the amounts (万元) asked in counted diagnosis visits;
 *   matchmaking = distinct firms whose counted visit asked for a bank meeting.
 * - Coverage: key firms (tier "key") of the filtered counties with a counted visit,
 *   and those not visited within `notVisitedDays` of `to`.
 * - Certifications: the firms' current certificates (not expired on `to`), by
 *   catalogue class and star level. A certificate counts up to and including its
 *   valid-until day, never after it.
 * - Certificates expiring: current certificates on `to` whose valid-until day falls
 *   within `expiringDays` (90 unless set) after `to`, of the filtered county's firms.
 * - Financing cases: a counted diagnosis visit with a financing need is a case; the
 *   steps its financing problems were given (by follow-ups and events) move it along
 *   (a problem whose category an amendment changed from financing moves it no more). Referred =
 *   the needs of cases with any step; approved = each bank's latest answer on each case
 *   (an approval counts its amount, a later decline takes it back); received = the funds
 *   (tranches add up); demand met = Σ min(received, need) ÷ demand (null without
 *   demand); days to funds = whole days from the diagnosis date to the first funds, the
 *   median over funded cases. By bank (cases referred, approved, received), by month of
 *   the step (approved, received) and by county of the firm (demand, received). Steps
 *   count with their case, whatever their own date; the problem filters do not apply.
 * - Eliminated products: firms with a counted problem of category eliminated_product
 *   (a diagnosis that confirms an eliminated product must raise one); resolved = those
 *   firms whose every such counted problem is resolved. The problem filters apply, as
 *   to every problem figure.
 * - Events (活动): a completed event counts when its date falls in [from, to], it was
 *   held in the filtered county (when one is set) and the officer filter matches; the
 *   visit-kind filter does not apply (an event is not a visit to a firm, and never counts
 *   as one). Firms reached = distinct firms that attended a counted event, among the
 *   firms the firm filters (county, firm category, key tier) select. A firm invited but
 *   absent is not reached. By event kind: events and firms reached. The problems taken up
 *   at an event move like a follow-up's, and its bank steps count with their case.
 * - 包联 coverage is counted at the period's end `to`, with the assignment in force then (each
 *   firm's officer changes travel with the directory): the assigned firms of the firm filters
 *   (county, firm category, key tier; the officer filter names the officer in force) are covered
 *   when not overdue on `to` by the due-list rule (`coverageAt` in shared/domain/cadence.ts): the
 *   firm's latest visit on or before `to` — of the visit kind filtered, passed only when the
 *   filter says so; without those filters the register's latest visit by anyone counts too — or,
 *   never visited, the start of its officer's assignment, within its tier's cadence of `to`. By
 *   officer, by county, and the overdue firms (most overdue first).
 * - Demands (企业诉求, issue 31) are the counted problems (the problem filters apply) handed to a
 *   department. Deadlines count working days from the handing (shared/domain/demand/, the bureau's
 *   calendar and limits as this laptop last pulled them; an approved extension replaces the resolve
 *   limit). Resolved = today's status; on time = resolved on or before the resolve deadline;
 *   on-time rate = on time ÷ resolved (null when none); overdue = not resolved and the resolve
 *   deadline before `to`; average working days to resolve = the mean over resolved demands, from
 *   the handing to the day of the resolving visit (one decimal); extensions = handed demands with
 *   one approved. Call-backs count every counted problem whose firm was called back, by its latest
 *   call-back: satisfaction rate = 满意 or 基本满意 ÷ call-backs (null when none); a problem resolved
 *   before call-backs were recorded is 办结 without one, counted apart and never in the rate. By
 *   county (of the firm), department (the one it was last handed to), responsible officer (the
 *   firm's 包联 officer now, else the officer of the raising visit) and problem category.
 */
export const SummaryFilter = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  countyCode: z.enum(COUNTY_CODES).optional(),
  kind: z.enum(FIRM_VISIT_KINDS).optional(),
  officer: z.string().max(100).optional(),
  firmCategory: z.string().max(60).optional(),
  keyTier: z.enum(KEY_TIERS).optional(),
  problemCategory: z.enum(PROBLEM_CATEGORIES).optional(),
  problemStatus: z.enum(PROBLEM_STATUSES).optional(),
  notVisitedDays: z.number().int().min(1).max(3650).optional(),
  expiringDays: z.number().int().min(1).max(730).optional(),
  /** Only visits (and events) whose latest revision a supervisor passed (审核, issue 30). */
  passedOnly: z.boolean().optional(),
});
export type SummaryFilter = z.infer<typeof SummaryFilter>;

/** One group of the demand figures (issue 31): by county, department, officer or category. */
export const DemandFigureRow = z.object({
  key: z.string(),
  handed: z.number().int(),
  resolved: z.number().int(),
  onTime: z.number().int(),
  onTimeRate: z.number().nullable(),
  overdue: z.number().int(),
  avgWorkingDays: z.number().nullable(),
  callbacks: z.number().int(),
  satisfied: z.number().int(),
  satisfactionRate: z.number().nullable(),
  extensions: z.number().int(),
});
export type DemandFigureRow = z.infer<typeof DemandFigureRow>;

export { SUMMARY_TABLES, type SummaryTable } from './summary-table-names';

export const Summary = z.object({
  filter: SummaryFilter,
  totals: z.object({
    visits: z.number().int(),
    firmsVisited: z.number().int(),
    keyFirms: z.number().int(),
    keyFirmsVisited: z.number().int(),
    keyFirmsNotVisited: z.number().int(),
    problems: z.number().int(),
    open: z.number().int(),
    inProgress: z.number().int(),
    resolved: z.number().int(),
    resolutionRate: z.number().nullable(),
    medianDaysToResolve: z.number().nullable(),
    financingDemand: z.number(),
    matchmakingFirms: z.number().int(),
    financingReferred: z.number(),
    financingApproved: z.number(),
    financingReceived: z.number(),
    demandMetShare: z.number().nullable(),
    medianDaysToFunds: z.number().nullable(),
    certificatesExpiring: z.number().int(),
    eliminatedFirms: z.number().int(),
    eliminatedFirmsResolved: z.number().int(),
    eventsHeld: z.number().int(),
    firmsReached: z.number().int(),
    /** 包联 coverage at `to`: assigned firms, those within cadence, the share. */
    assignedFirms: z.number().int(),
    assignedCovered: z.number().int(),
    coverageRate: z.number().nullable(),
    /** Demands (issue 31): the counted problems handed to a department, and the call-backs. */
    demands: DemandFigureRow.omit({ key: true }).extend({
      resolvedWithoutCallback: z.number().int(),
      /** Years a counted demand's deadlines fall in that the bureau's calendar does not cover: counted with weekends only there. */
      uncoveredYears: z.array(z.number().int()),
    }),
  }),
  visitsPerMonth: z.array(z.object({ month: z.string(), visits: z.number().int() })),
  visitsPerCounty: z.array(z.object({ countyCode: z.string(), visits: z.number().int(), firms: z.number().int() })),
  problemsByCategory: z.array(z.object({ category: z.enum(PROBLEM_CATEGORIES), open: z.number().int(), inProgress: z.number().int(), resolved: z.number().int() })),
  certifications: z.array(z.object({ group: z.string(), star1: z.number().int(), star2: z.number().int(), star3: z.number().int() })),
  keyFirmsNotVisited: z.array(z.object({ firmId: z.string(), name: z.string(), countyCode: z.string(), lastVisit: z.string().nullable() })),
  financingByBank: z.array(z.object({ bank: z.string(), cases: z.number().int(), approved: z.number(), received: z.number() })),
  financingByMonth: z.array(z.object({ month: z.string(), approved: z.number(), received: z.number() })),
  financingByCounty: z.array(z.object({ countyCode: z.string(), demand: z.number(), received: z.number() })),
  expiringCertificates: z.array(FirmCertificate),
  eventsByKind: z.array(z.object({ kind: z.enum(EVENT_KINDS), events: z.number().int(), firmsReached: z.number().int() })),
  coverageByOfficer: z.array(z.object({ officer: z.string(), assigned: z.number().int(), covered: z.number().int() })),
  coverageByCounty: z.array(z.object({ countyCode: z.string(), assigned: z.number().int(), covered: z.number().int() })),
  overdueAssigned: z.array(z.object({ firmId: z.string(), name: z.string(), countyCode: z.string(), officer: z.string(), lastVisit: z.string().nullable(), dueDate: z.string(), daysOverdue: z.number().int() })),
  demandsByCounty: z.array(DemandFigureRow),
  demandsByDepartment: z.array(DemandFigureRow),
  demandsByOfficer: z.array(DemandFigureRow),
  demandsByCategory: z.array(DemandFigureRow),
});
export type Summary = z.infer<typeof Summary>;

export function resolutionRate(resolved: number, total: number): number | null {
  return total === 0 ? null : Math.round((resolved / total) * 1000) / 1000;
}

/** One value and how many times it occurs: medians are taken over such tallies, so SQL can group before JS sees the rows. */
export interface Tally {
  value: number;
  count: number;
}

/** The median of the values a tally describes (the mean of the two middle ones for an even count); null when empty. */
export function median(tally: readonly Tally[]): number | null {
  const sorted = tally.filter((t) => t.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, t) => sum + t.count, 0);
  if (n === 0) return null;
  const nth = (k: number): number => {
    let seen = 0;
    for (const t of sorted) {
      seen += t.count;
      if (k < seen) return t.value;
    }
    throw new Error('unreachable: k < n');
  };
  return n % 2 ? nth((n - 1) / 2) : (nth(n / 2 - 1) + nth(n / 2)) / 2;
}

/** Everything the printed chain diagnosis report (诊链报告) shows, from the same counting rules. */
export const Report = z.object({
  summary: Summary,
  generatedAt: z.string(),
  problemGroups: z.array(z.object({ category: z.enum(PROBLEM_CATEGORIES), count: z.number().int(), firms: z.array(z.string()) })),
  openProblems: z.array(z.object({ firm: z.string(), category: z.enum(PROBLEM_CATEGORIES), description: z.string(), department: z.string(), dueDate: z.string().nullable(), status: z.enum(PROBLEM_STATUSES), overdue: z.boolean() })),
  visits: z.array(z.object({ date: z.string(), firm: z.string(), countyCode: z.string(), kind: z.enum(VISIT_KINDS), officer: z.string(), conclusion: z.string() })),
  visitsOmitted: z.number().int(),
});
export type Report = z.infer<typeof Report>;
