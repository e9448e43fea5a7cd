import { daysBetween, median, resolutionRate, type Report, type Summary, type SummaryFilter } from '../../shared/domain/summary';
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../shared/domain/problem';
import type { Db } from '../open';
import { shiftDate } from './firm-index';

/**
 * The summary of counted visits, problems, coverage and certifications, computed
 * with the rules in shared/domain/summary.ts. One function serves the screen and
 * every export, so their figures cannot disagree.
 */
const COUNTED = `
  counted AS (
    SELECT v.id, v.firm_id, v.kind, v.officer, f.county_code, r.answers, json_extract(r.answers, '$.visitDate') AS visit_date
    FROM visits v
    JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = (SELECT MAX(x.revision) FROM visit_revisions x WHERE x.visit_id = v.id)
    JOIN firms f ON f.id = v.firm_id
    WHERE json_extract(r.answers, '$.visitDate') BETWEEN @from AND @to
      AND (@countyCode IS NULL OR f.county_code = @countyCode)
      AND (@kind IS NULL OR v.kind = @kind)
      AND (@officer IS NULL OR v.officer = @officer)
      AND (@keyTier IS NULL OR f.key_tier = @keyTier)
      AND (@firmCategory IS NULL OR EXISTS (SELECT 1 FROM json_each(f.categories) c WHERE c.value = @firmCategory))
  ),
  counted_problems AS (
    SELECT p.*, c.visit_date AS raised_on FROM problems p JOIN counted c ON c.id = p.raised_visit_id
    WHERE (@problemCategory IS NULL OR p.category = @problemCategory) AND (@problemStatus IS NULL OR p.status = @problemStatus)
  )`;

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
    cutoff: shiftDate(filter.to, -(filter.notVisitedDays ?? 90)),
  };
}

export interface CountedVisitRow {
  id: string;
  firm_name: string;
  credit_code: string;
  county_code: string;
  kind: string;
  officer: string;
  visit_date: string;
  revision: number;
  answers: string;
}

export interface CountedProblemRow {
  id: string;
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

/** The counted visits (same rules as the summary), a page at a time, for exports. */
export function countedVisitsPage(db: Db, filter: SummaryFilter, limit: number, offset: number): CountedVisitRow[] {
  return db
    .prepare(
      `WITH ${COUNTED} SELECT c.id, f.name AS firm_name, f.credit_code, c.county_code, c.kind, c.officer, c.visit_date,
         (SELECT MAX(revision) FROM visit_revisions WHERE visit_id = c.id) AS revision, c.answers
       FROM counted c JOIN firms f ON f.id = c.firm_id ORDER BY c.visit_date, c.id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...filterParams(filter), limit, offset }) as CountedVisitRow[];
}

export function countedProblemsPage(db: Db, filter: SummaryFilter, limit: number, offset: number): CountedProblemRow[] {
  return db
    .prepare(
      `WITH ${COUNTED} SELECT p.id, f.name AS firm_name, f.county_code, p.category, p.description, p.help_requested, p.department, p.urgency,
         p.due_date, p.status, p.raised_on, p.resolved_at
       FROM counted_problems p JOIN firms f ON f.id = p.firm_id ORDER BY p.raised_on, p.id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...filterParams(filter), limit, offset }) as CountedProblemRow[];
}

export function countCounted(db: Db, filter: SummaryFilter): { visits: number; problems: number } {
  return db.prepare(`WITH ${COUNTED} SELECT (SELECT COUNT(*) FROM counted) AS visits, (SELECT COUNT(*) FROM counted_problems) AS problems`).get(filterParams(filter)) as {
    visits: number;
    problems: number;
  };
}

export function computeSummary(db: Db, filter: SummaryFilter): Summary {
  const params = filterParams(filter);
  const q = <T>(sql: string) => db.prepare(`WITH ${COUNTED} ${sql}`).all(params) as T[];
  const one = <T>(sql: string) => q<T>(sql)[0]!;

  const visits = one<{ visits: number; firms: number; demand: number | null; matchmaking: number }>(
    `SELECT COUNT(*) AS visits, COUNT(DISTINCT firm_id) AS firms,
       SUM(CASE WHEN kind = 'diagnosis' THEN json_extract(answers, '$.financing.amount') END) AS demand,
       COUNT(DISTINCT CASE WHEN kind = 'diagnosis' AND json_extract(answers, '$.financing.wantsMatchmaking') = 1 THEN firm_id END) AS matchmaking
     FROM counted`,
  );
  const problems = q<{ category: ProblemCategory; status: string; n: number }>(`SELECT category, status, COUNT(*) AS n FROM counted_problems GROUP BY category, status`);
  const resolvedDays = q<{ raised_on: string; resolved_at: string }>(`SELECT raised_on, resolved_at FROM counted_problems WHERE status = 'resolved' AND resolved_at IS NOT NULL`).map((r) =>
    Math.max(0, daysBetween(r.raised_on, r.resolved_at)),
  );
  const keyFirmScope = `FROM firms f WHERE f.key_tier = 'key' AND (@countyCode IS NULL OR f.county_code = @countyCode)
    AND (@firmCategory IS NULL OR EXISTS (SELECT 1 FROM json_each(f.categories) c WHERE c.value = @firmCategory))`;
  const coverage = one<{ key: number; visited: number }>(
    `SELECT COUNT(*) AS key, SUM(EXISTS (SELECT 1 FROM counted c WHERE c.firm_id = f.id)) AS visited ${keyFirmScope}`,
  );
  const notVisited = q<{ firmId: string; name: string; countyCode: string; lastVisit: string | null }>(
    `SELECT f.id AS firmId, f.name, f.county_code AS countyCode, f.last_visit_date AS lastVisit ${keyFirmScope}
       AND (f.last_visit_date IS NULL OR f.last_visit_date < @cutoff) ORDER BY f.last_visit_date IS NOT NULL, f.last_visit_date, f.name`,
  );

  const byCategory = new Map(PROBLEM_CATEGORIES.map((c) => [c, { category: c, open: 0, inProgress: 0, resolved: 0 }]));
  for (const p of problems) {
    const row = byCategory.get(p.category)!;
    if (p.status === 'open') row.open += p.n;
    else if (p.status === 'in_progress') row.inProgress += p.n;
    else row.resolved += p.n;
  }
  const rows = [...byCategory.values()];
  const total = (k: 'open' | 'inProgress' | 'resolved') => rows.reduce((s, r) => s + r[k], 0);
  const problemCount = total('open') + total('inProgress') + total('resolved');

  return {
    filter,
    totals: {
      visits: visits.visits,
      firmsVisited: visits.firms,
      keyFirms: coverage.key,
      keyFirmsVisited: coverage.visited ?? 0,
      keyFirmsNotVisited: notVisited.length,
      problems: problemCount,
      open: total('open'),
      inProgress: total('inProgress'),
      resolved: total('resolved'),
      resolutionRate: resolutionRate(total('resolved'), problemCount),
      medianDaysToResolve: median(resolvedDays),
      financingDemand: Math.round((visits.demand ?? 0) * 100) / 100,
      matchmakingFirms: visits.matchmaking,
    },
    visitsPerMonth: q<{ month: string; visits: number }>(`SELECT substr(visit_date, 1, 7) AS month, COUNT(*) AS visits FROM counted GROUP BY month ORDER BY month`),
    visitsPerCounty: q<{ countyCode: string; visits: number; firms: number }>(
      `SELECT county_code AS countyCode, COUNT(*) AS visits, COUNT(DISTINCT firm_id) AS firms FROM counted GROUP BY county_code ORDER BY county_code`,
    ),
    problemsByCategory: rows.filter((r) => r.open + r.inProgress + r.resolved > 0),
    certifications: db
      .prepare(
        `SELECT COALESCE(ri.grp, '其他') AS "group", SUM(c.star_level = 1) AS star1, SUM(c.star_level = 2) AS star2, SUM(c.star_level = 3) AS star3
         FROM firm_certifications c JOIN firms f ON f.id = c.firm_id
         LEFT JOIN reference_items ri ON ri.kind = 'green_product' AND ri.name = c.product
         WHERE c.valid_until >= @to AND (@countyCode IS NULL OR f.county_code = @countyCode)
         GROUP BY "group" ORDER BY "group"`,
      )
      .all({ to: params.to, countyCode: params.countyCode }) as Summary['certifications'],
    keyFirmsNotVisited: notVisited,
  };
}

const REPORT_VISITS = 2000;

/** The report's content: the summary plus the lists it prints, all under the same filter. */
export function computeReport(db: Db, filter: SummaryFilter, now: Date): Report {
  const summary = computeSummary(db, filter);
  const problems: CountedProblemRow[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = countedProblemsPage(db, filter, 5000, offset);
    problems.push(...page);
    if (page.length < 5000) break;
  }
  const groups = new Map<string, { count: number; firms: Set<string> }>();
  for (const p of problems) {
    const g = groups.get(p.category) ?? { count: 0, firms: new Set() };
    g.count++;
    g.firms.add(p.firm_name);
    groups.set(p.category, g);
  }
  const today = now.toISOString().slice(0, 10);
  const visits = countedVisitsPage(db, filter, REPORT_VISITS, 0);
  return {
    summary,
    generatedAt: now.toISOString(),
    problemGroups: [...groups].map(([category, g]) => ({ category: category as Report['problemGroups'][number]['category'], count: g.count, firms: [...g.firms].sort() })).sort((a, b) => b.count - a.count),
    openProblems: problems
      .filter((p) => p.status !== 'resolved')
      .map((p) => ({
        firm: p.firm_name,
        category: p.category as Report['openProblems'][number]['category'],
        description: p.description,
        department: p.department,
        dueDate: p.due_date,
        status: p.status as Report['openProblems'][number]['status'],
        overdue: p.due_date !== null && p.due_date < today,
      }))
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9').localeCompare(b.dueDate ?? '9')),
    visits: visits.map((v) => {
      const a = JSON.parse(v.answers) as { conclusion?: string; summary?: string };
      return { date: v.visit_date, firm: v.firm_name, countyCode: v.county_code, kind: v.kind as Report['visits'][number]['kind'], officer: v.officer, conclusion: a.conclusion ?? a.summary ?? '' };
    }),
    visitsOmitted: Math.max(0, summary.totals.visits - visits.length),
  };
}
