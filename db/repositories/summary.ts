import { EVENT_KINDS } from '../../shared/domain/answers';
import { median, resolutionRate, type Report, type Summary, type SummaryFilter } from '../../shared/domain/summary';
import { PROBLEM_CATEGORIES } from '../../shared/domain/problem';
import { DEFAULT_CERTIFICATE_WARNING_DAYS } from '../../shared/domain/certificates';
import { certificatesValidUntil } from './certificates';
import type { Db } from '../open';
import { shiftDate } from './firm-index';
import { countFigures } from './summary-facts';
import { coverageOf } from './summary-coverage';
import { figureRow } from './demands/summary-demands';
import { CLOCK_COLUMNS, clockOf, demandContext, type ClockRow } from './demands/context';
import { supervise } from '../../shared/domain/demand/deadlines';
import { countedPage, materializeCounted, type CountedProblemRow, type CountedVisitRow } from './summary-counted';

export { countedEventsPage, countedPage, materializeCounted, type Counted, type CountedEventRow, type CountedProblemRow, type CountedVisitRow } from './summary-counted';

/**
 * Summaries, reports and exports, computed with the rules in shared/domain/summary.ts.
 * Every figure — on the screen, in the XLSX/CSV summary and in the report — comes
 * from computeSummary (counted over in-memory facts, summary-facts.ts). The rows the
 * exports and the report list come from materializeCounted, which applies the same
 * filter in SQL; tests/unit/db/summary.test.ts checks the two count the same rows.
 */
/** Every figure of the summary screen and of every export, under `filter`. */
export function computeSummary(db: Db, filter: SummaryFilter): Summary {
  const counted = countFigures(db, filter);
  const coverage = coverageOf(db, filter);
  const cutoff = shiftDate(filter.to, -(filter.notVisitedDays ?? 90));
  const notVisited = db
    .prepare(
      `SELECT f.id AS firmId, f.name, f.county_code AS countyCode, f.last_visit_date AS lastVisit
       FROM firms f WHERE f.key_tier = 'key' AND (@countyCode IS NULL OR f.county_code = @countyCode)
         AND (@firmCategory IS NULL OR EXISTS (SELECT 1 FROM json_each(f.categories) c WHERE c.value = @firmCategory))
         AND (f.last_visit_date IS NULL OR f.last_visit_date < @cutoff)
       ORDER BY f.last_visit_date IS NOT NULL, f.last_visit_date, f.name`,
    )
    .all({ countyCode: filter.countyCode ?? null, firmCategory: filter.firmCategory ?? null, cutoff }) as Summary['keyFirmsNotVisited'];
  const certifications = db
    .prepare(
      `SELECT COALESCE(ri.grp, '其他') AS "group", SUM(c.star_level = 1) AS star1, SUM(c.star_level = 2) AS star2, SUM(c.star_level = 3) AS star3
       FROM firm_certifications c JOIN firms f ON f.id = c.firm_id
       LEFT JOIN reference_items ri ON ri.kind = 'green_product' AND ri.name = c.product
       WHERE c.valid_until >= @to AND (@countyCode IS NULL OR f.county_code = @countyCode)
       GROUP BY "group" ORDER BY "group"`,
    )
    .all({ to: filter.to, countyCode: filter.countyCode ?? null }) as Summary['certifications'];
  const expiringCertificates = certificatesValidUntil(db, filter.to, shiftDate(filter.to, filter.expiringDays ?? DEFAULT_CERTIFICATE_WARNING_DAYS), filter.countyCode ?? null);

  const problemsByCategory = PROBLEM_CATEGORIES.flatMap((category) => {
    const [open, inProgress, resolved] = counted.problems.get(category) ?? [0, 0, 0];
    return open + inProgress + resolved > 0 ? [{ category, open, inProgress, resolved }] : [];
  });
  const total = (k: 'open' | 'inProgress' | 'resolved') => problemsByCategory.reduce((s, r) => s + r[k], 0);
  const problemCount = total('open') + total('inProgress') + total('resolved');
  const byKey = <V>(map: Map<string, V>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const f = counted.financing;

  return {
    filter,
    totals: {
      visits: counted.visits,
      firmsVisited: counted.firmsVisited,
      keyFirms: counted.keyFirms,
      keyFirmsVisited: counted.keyFirmsVisited,
      keyFirmsNotVisited: notVisited.length,
      problems: problemCount,
      open: total('open'),
      inProgress: total('inProgress'),
      resolved: total('resolved'),
      resolutionRate: resolutionRate(total('resolved'), problemCount),
      medianDaysToResolve: median(counted.daysToResolve),
      financingDemand: wan(counted.financingDemand),
      financingReferred: wan(f.referred),
      financingApproved: wan(f.approved),
      financingReceived: wan(f.received),
      demandMetShare: resolutionRate(f.met, counted.financingDemand),
      medianDaysToFunds: median(f.daysToFunds),
      matchmakingFirms: counted.matchmakingFirms,
      certificatesExpiring: expiringCertificates.length,
      eliminatedFirms: counted.eliminatedFirms,
      eliminatedFirmsResolved: counted.eliminatedFirmsResolved,
      eventsHeld: counted.events.held,
      firmsReached: counted.events.firmsReached,
      assignedFirms: coverage.assigned,
      assignedCovered: coverage.covered,
      coverageRate: resolutionRate(coverage.covered, coverage.assigned),
      demands: { ...omitKey(figureRow('', counted.demands.totals)), resolvedWithoutCallback: counted.demands.totals.withoutCallback, uncoveredYears: [...counted.demands.totals.uncovered].sort() },
    },
    visitsPerMonth: byKey(counted.perMonth).map(([month, visits]) => ({ month, visits })),
    visitsPerCounty: byKey(counted.perCounty).map(([countyCode, c]) => ({ countyCode, ...c })),
    problemsByCategory,
    certifications,
    keyFirmsNotVisited: notVisited,
    financingByBank: [...f.byBank].sort(([a, x], [b, y]) => y.received - x.received || y.approved - x.approved || (a < b ? -1 : 1)).map(([bank, r]) => ({ bank, cases: r.cases, approved: wan(r.approved), received: wan(r.received) })),
    financingByMonth: byKey(f.byMonth).map(([month, r]) => ({ month, approved: wan(r.approved), received: wan(r.received) })),
    financingByCounty: byKey(f.byCounty).map(([countyCode, r]) => ({ countyCode, demand: wan(r.demand), received: wan(r.received) })),
    expiringCertificates,
    // In the order of EVENT_KINDS, kinds without events left out.
    eventsByKind: EVENT_KINDS.flatMap((kind) => {
      const row = counted.events.byKind.get(kind);
      return row ? [{ kind, ...row }] : [];
    }),
    coverageByOfficer: byKey(coverage.byOfficer).map(([officer, c]) => ({ officer, ...c })),
    coverageByCounty: byKey(coverage.byCounty).map(([countyCode, c]) => ({ countyCode, ...c })),
    overdueAssigned: coverage.overdue,
    demandsByCounty: counted.demands.rows('county'),
    demandsByDepartment: counted.demands.rows('department'),
    demandsByOfficer: counted.demands.rows('officer'),
    demandsByCategory: counted.demands.rows('category'),
  };
}

const omitKey = <T extends { key: string }>({ key: _key, ...rest }: T): Omit<T, 'key'> => rest;

const REPORT_VISITS = 2000;

/** 万元 to the fen, as every money figure is shown and exported. */
function wan(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The report's content: the summary plus the lists it prints, all under the same filter. */
export function computeReport(db: Db, filter: SummaryFilter, now: Date): Report {
  const counted = materializeCounted(db, filter, 'report', true, false);
  try {
    const summary = computeSummary(db, filter);
    const problems = db.prepare(`SELECT * FROM ${counted.problems!} ORDER BY rowid`).all() as CountedProblemRow[];
    const groups = new Map<string, { count: number; firms: Set<string> }>();
    for (const p of problems) {
      const g = groups.get(p.category) ?? { count: 0, firms: new Set() };
      g.count++;
      g.firms.add(p.firm_name);
      groups.set(p.category, g);
    }
    const today = now.toISOString().slice(0, 10);
    // A handed demand's deadline is its resolve deadline in working days (and late when that has passed); otherwise the date set by hand.
    const context = demandContext(db);
    const demandOf = db.prepare(`SELECT ${CLOCK_COLUMNS} FROM problems WHERE id = ?`);
    const deadlineOf = (p: CountedProblemRow): { dueDate: string | null; overdue: boolean } => {
      const r = demandOf.get(p.id) as ClockRow | undefined;
      const clock = r?.handed_on ? supervise(clockOf(r), context.limits, context.calendar, today) : null;
      return clock ? { dueDate: clock.deadlines.resolve, overdue: clock.light === 'red' } : { dueDate: p.due_date, overdue: p.due_date !== null && p.due_date < today };
    };
    const visits = countedPage<CountedVisitRow>(db, counted.visits, REPORT_VISITS, 0);
    type R = Report;
    return {
      summary,
      generatedAt: now.toISOString(),
      problemGroups: [...groups]
        .map(([category, g]) => ({ category: category as R['problemGroups'][number]['category'], count: g.count, firms: [...g.firms].sort() }))
        .sort((a, b) => b.count - a.count),
      openProblems: problems
        .filter((p) => p.status !== 'resolved')
        .map((p) => ({
          firm: p.firm_name,
          category: p.category as R['openProblems'][number]['category'],
          description: p.description,
          department: p.department,
          status: p.status as R['openProblems'][number]['status'],
          ...deadlineOf(p),
        }))
        .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9').localeCompare(b.dueDate ?? '9')),
      visits: visits.map((v) => ({ date: v.visit_date, firm: v.firm_name, countyCode: v.county_code, kind: v.kind as R['visits'][number]['kind'], officer: v.officer, conclusion: v.conclusion })),
      visitsOmitted: Math.max(0, summary.totals.visits - visits.length),
    };
  } finally {
    counted.drop();
  }
}
