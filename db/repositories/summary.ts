import { EVENT_KINDS } from '../../shared/domain/answers';
import { median, resolutionRate, type Report, type Summary, type SummaryFilter } from '../../shared/domain/summary';
import { PROBLEM_CATEGORIES } from '../../shared/domain/problem';
import { DEFAULT_CERTIFICATE_WARNING_DAYS } from '../../shared/domain/certificates';
import { certificatesValidUntil } from './certificates';
import type { Db } from '../open';
import { shiftDate } from './firm-index';
import { countFigures } from './summary-facts';

/**
 * Summaries, reports and exports, computed with the rules in shared/domain/summary.ts.
 * Every figure — on the screen, in the XLSX/CSV summary and in the report — comes
 * from computeSummary (counted over in-memory facts, summary-facts.ts). The rows the
 * exports and the report list come from materializeCounted, which applies the same
 * filter in SQL; tests/unit/db/summary.test.ts checks the two count the same rows.
 */
export interface CountedVisitRow {
  rowid: number;
  id: string;
  firm_id: string;
  firm_name: string;
  credit_code: string;
  county_code: string;
  kind: string;
  officer: string;
  visit_date: string;
  revision: number;
  problem_count: number;
  conclusion: string;
  financing: number | null;
  matchmaking: number | null;
}

export interface CountedProblemRow {
  rowid: number;
  id: string;
  firm_id: string;
  firm_name: string;
  county_code: string;
  category: string;
  description: string;
  help_requested: string;
  department: string;
  urgency: string;
  due_date: string | null;
  status: string;
  raised_on: string;
  resolved_at: string | null;
}

export interface Counted {
  visits: string;
  /** null when materialised without problems (an export that lists visits only). */
  problems: string | null;
  drop(): void;
}

function filterParams(filter: SummaryFilter) {
  return {
    from: filter.from,
    to: filter.to,
    countyCode: filter.countyCode ?? null,
    kind: filter.kind ?? null,
    officer: filter.officer ?? null,
    keyTier: filter.keyTier ?? null,
    firmCategory: filter.firmCategory ?? null,
    problemCategory: filter.problemCategory ?? null,
    problemStatus: filter.problemStatus ?? null,
  };
}

/**
 * Materialises the counted visits and (unless `withProblems` is false: their
 * descriptions are the costly part) problems of `filter`, with the columns the
 * export tables and the report list, as temp tables named after `key`.
 */
export function materializeCounted(db: Db, filter: SummaryFilter, key = 'summary', withProblems = true): Counted {
  // Its temp tables move none of the facts' change counts (summary-fact-store.ts counts main tables only).
  return materialize(db, filter, key, withProblems);
}

function materialize(db: Db, filter: SummaryFilter, key: string, withProblems: boolean): Counted {
  const tag = key.replace(/[^a-z0-9]/gi, '').slice(0, 40);
  const visits = `counted_visits_${tag}`;
  const problems = `counted_problems_${tag}`;
  const drop = () => db.exec(`DROP TABLE IF EXISTS temp.${visits}; DROP TABLE IF EXISTS temp.${problems};`);
  drop();
  db.exec(`CREATE TEMP TABLE ${visits} (id TEXT, firm_id TEXT, firm_name TEXT, credit_code TEXT, county_code TEXT, kind TEXT, officer TEXT, visit_date TEXT, revision INTEGER, problem_count INTEGER, conclusion TEXT, financing REAL, matchmaking INTEGER)`);
  const params = filterParams(filter);
  db.prepare(
    `INSERT INTO ${visits}
     SELECT v.id, v.firm_id, f.name, f.credit_code, f.county_code, v.kind, v.officer, r.visit_date, r.revision,
       r.problem_count, r.conclusion,
       CASE WHEN v.kind = 'diagnosis' THEN r.financing_amount END, CASE WHEN v.kind = 'diagnosis' THEN r.wants_matchmaking END
     FROM visit_revisions r
     JOIN visits v ON v.id = r.visit_id AND r.revision = v.completed_revision
     JOIN firms f ON f.id = v.firm_id
     WHERE r.visit_date BETWEEN @from AND @to
       AND (@countyCode IS NULL OR f.county_code = @countyCode)
       AND (@kind IS NULL OR v.kind = @kind)
       AND (@officer IS NULL OR v.officer = @officer)
       AND (@keyTier IS NULL OR f.key_tier = @keyTier)
       AND (@firmCategory IS NULL OR EXISTS (SELECT 1 FROM json_each(f.categories) c WHERE c.value = @firmCategory))
     ORDER BY r.visit_date, v.id`,
  ).run(params);
  if (!withProblems) return { visits, problems: null, drop };
  db.exec(`CREATE TEMP TABLE ${problems} (id TEXT, firm_id TEXT, firm_name TEXT, county_code TEXT, category TEXT, description TEXT, help_requested TEXT, department TEXT, urgency TEXT, due_date TEXT, status TEXT, raised_on TEXT, resolved_at TEXT)`);
  db.exec(`CREATE INDEX temp.${visits}_id ON ${visits} (id)`);
  db.prepare(
    `INSERT INTO ${problems}
     SELECT p.id, p.firm_id, c.firm_name, c.county_code, p.category, p.description, p.help_requested, p.department, p.urgency, p.due_date, p.status, c.visit_date, p.resolved_at
     FROM ${visits} c JOIN problems p ON p.raised_visit_id = c.id
     WHERE (@problemCategory IS NULL OR p.category = @problemCategory) AND (@problemStatus IS NULL OR p.status = @problemStatus)
     ORDER BY c.visit_date, p.id`,
  ).run(params);
  return { visits, problems, drop };
}

/** The next page of a materialised table, after `afterRowid` (keyset paging: no re-sorting per page). */
export function countedPage<T>(db: Db, table: string, limit: number, afterRowid: number): T[] {
  return db.prepare(`SELECT rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).all(afterRowid, limit) as T[];
}

/** Every figure of the summary screen and of every export, under `filter`. */
export function computeSummary(db: Db, filter: SummaryFilter): Summary {
  const counted = countFigures(db, filter);
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
  };
}

export interface CountedEventRow {
  rowid: number;
  id: string;
  visit_date: string;
  officer: string;
  answers: string;
  /** Names of the firms the page's events name. */
  firmNames: Map<string, string>;
}

/**
 * A page of the events the summary counts under `filter` (the rule in shared/domain/summary.ts:
 * date in the period, held in the filtered county, the officer filter), in rowid order.
 */
export function countedEventsPage(db: Db, filter: SummaryFilter, limit: number, afterRowid: number): CountedEventRow[] {
  const rows = db
    .prepare(
      `SELECT v.rowid, v.id, r.visit_date, v.officer, r.answers FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision
       WHERE v.kind = 'event' AND r.visit_date BETWEEN @from AND @to AND (@county IS NULL OR json_extract(r.answers, '$.countyCode') = @county)
         AND (@officer IS NULL OR v.officer = @officer) AND v.rowid > @after ORDER BY v.rowid LIMIT @limit`,
    )
    .all({ from: filter.from, to: filter.to, county: filter.countyCode ?? null, officer: filter.officer ?? null, after: afterRowid, limit }) as Omit<CountedEventRow, 'firmNames'>[];
  const names = new Map(
    (db.prepare(`SELECT f.id, f.name FROM firms f WHERE f.id IN (SELECT e.firm_id FROM event_firms e WHERE e.visit_id IN (SELECT value FROM json_each(?)))`).all(JSON.stringify(rows.map((r) => r.id))) as { id: string; name: string }[]).map(
      (f) => [f.id, f.name],
    ),
  );
  return rows.map((r) => ({ ...r, firmNames: names }));
}

const REPORT_VISITS = 2000;

/** 万元 to the fen, as every money figure is shown and exported. */
function wan(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The report's content: the summary plus the lists it prints, all under the same filter. */
export function computeReport(db: Db, filter: SummaryFilter, now: Date): Report {
  const counted = materializeCounted(db, filter, 'report');
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
          dueDate: p.due_date,
          status: p.status as R['openProblems'][number]['status'],
          overdue: p.due_date !== null && p.due_date < today,
        }))
        .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9').localeCompare(b.dueDate ?? '9')),
      visits: visits.map((v) => ({ date: v.visit_date, firm: v.firm_name, countyCode: v.county_code, kind: v.kind as R['visits'][number]['kind'], officer: v.officer, conclusion: v.conclusion })),
      visitsOmitted: Math.max(0, summary.totals.visits - visits.length),
    };
  } finally {
    counted.drop();
  }
}
