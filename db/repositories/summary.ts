import { median, resolutionRate, type Report, type Summary, type SummaryFilter } from '../../shared/domain/summary';
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../shared/domain/problem';
import type { Db } from '../open';
import { shiftDate } from './firm-index';

/**
 * Summaries, reports and exports, computed with the rules in shared/domain/summary.ts.
 * The counted visits and problems of a filter are materialised once into temporary
 * tables (in the order the exports list them); every figure, chart and export row
 * is read from them, so the screen and every format agree.
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
  problems: string;
  drop(): void;
}

/** A literal-free filter clause for the temp view (views cannot take parameters): the value is quoted. */
function sqlOrNull(value: string | undefined, column: string): string {
  return value === undefined ? '1' : `${column} = '${value.replace(/'/g, "''")}'`;
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
 * Materialises the counted visits and problems of `filter` as temp tables named
 * after `key`. `lean` leaves out the long text the figures never read (answers,
 * descriptions), which keeps a summary refresh fast.
 */
export function materializeCounted(db: Db, filter: SummaryFilter, key = 'summary', lean = false): Counted {
  const tag = key.replace(/[^a-z0-9]/gi, '').slice(0, 40);
  const visits = `counted_visits_${tag}`;
  const problems = `counted_problems_${tag}`;
  const drop = () => db.exec(`DROP TABLE IF EXISTS temp.${visits}; DROP TABLE IF EXISTS temp.${problems}; DROP VIEW IF EXISTS temp.${problems};`);
  drop();
  db.exec(`CREATE TEMP TABLE ${visits} (id TEXT, firm_id TEXT, firm_name TEXT, credit_code TEXT, county_code TEXT, kind TEXT, officer TEXT, visit_date TEXT, revision INTEGER, problem_count INTEGER, conclusion TEXT, financing REAL, matchmaking INTEGER)`);
  if (!lean) {
    db.exec(`CREATE TEMP TABLE ${problems} (id TEXT, firm_id TEXT, firm_name TEXT, county_code TEXT, category TEXT, description TEXT, help_requested TEXT, department TEXT, urgency TEXT, due_date TEXT, status TEXT, raised_on TEXT, resolved_at TEXT)`);
  }
  const params = filterParams(filter);
  db.prepare(
    `INSERT INTO ${visits}
     SELECT v.id, v.firm_id, ${lean ? 'NULL, NULL' : 'f.name, f.credit_code'}, f.county_code, v.kind, v.officer, r.visit_date, r.revision,
       ${lean ? 'NULL, NULL' : "COALESCE(json_array_length(r.answers, '$.problems'), 0), COALESCE(json_extract(r.answers, '$.conclusion'), json_extract(r.answers, '$.summary'), '')"},
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
  db.exec(`CREATE INDEX temp.${visits}_id ON ${visits} (id)`);
  if (lean) {
    // Figures read problems straight through a join (see summarize); only exports need the copy.
    db.prepare(`CREATE TEMP VIEW ${problems} AS SELECT p.category, p.status, c.visit_date AS raised_on, p.resolved_at, p.firm_id FROM ${visits} c JOIN problems p ON p.raised_visit_id = c.id
      WHERE (${sqlOrNull(filter.problemCategory, 'p.category')}) AND (${sqlOrNull(filter.problemStatus, 'p.status')})`).run();
    return { visits, problems, drop: () => db.exec(`DROP TABLE IF EXISTS temp.${visits}; DROP VIEW IF EXISTS temp.${problems};`) };
  }
  db.prepare(
    `INSERT INTO ${problems}
     SELECT p.id, p.firm_id, c.firm_name, c.county_code, p.category, ${lean ? 'NULL, NULL, NULL' : 'p.description, p.help_requested, p.department'}, p.urgency, p.due_date, p.status, c.visit_date, p.resolved_at
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

export function computeSummary(db: Db, filter: SummaryFilter): Summary {
  const counted = materializeCounted(db, filter, 'summary', true);
  try {
    return summarize(db, filter, counted);
  } finally {
    counted.drop();
  }
}

function summarize(db: Db, filter: SummaryFilter, counted: Counted): Summary {
  const { visits: cv, problems: cp } = counted;
  const params = { countyCode: filter.countyCode ?? null, firmCategory: filter.firmCategory ?? null, to: filter.to, cutoff: shiftDate(filter.to, -(filter.notVisitedDays ?? 90)) };
  const all = <T>(sql: string, p: object = {}) => db.prepare(sql).all(p) as T[];

  const v = all<{ visits: number; firms: number; demand: number | null; matchmaking: number }>(
    `SELECT COUNT(*) AS visits, COUNT(DISTINCT firm_id) AS firms, SUM(financing) AS demand, COUNT(DISTINCT CASE WHEN matchmaking = 1 THEN firm_id END) AS matchmaking FROM ${cv}`,
  )[0]!;
  const problems = all<{ category: ProblemCategory; status: string; n: number }>(`SELECT category, status, COUNT(*) AS n FROM ${cp} GROUP BY category, status`);
  // Whole days from the raising visit's date to the resolution date (the rule in shared/domain/summary.ts).
  const resolvedDays = db
    .prepare(`SELECT MAX(0, CAST(ROUND(julianday(substr(resolved_at, 1, 10)) - julianday(raised_on)) AS INTEGER)) FROM ${cp} WHERE status = 'resolved' AND resolved_at IS NOT NULL`)
    .pluck()
    .all() as number[];
  const keyFirmScope = `FROM firms f WHERE f.key_tier = 'key' AND (@countyCode IS NULL OR f.county_code = @countyCode)
    AND (@firmCategory IS NULL OR EXISTS (SELECT 1 FROM json_each(f.categories) c WHERE c.value = @firmCategory))`;
  const coverage = all<{ key: number; visited: number | null }>(
    `SELECT COUNT(*) AS key, SUM(f.id IN (SELECT firm_id FROM ${cv})) AS visited ${keyFirmScope}`,
    { countyCode: params.countyCode, firmCategory: params.firmCategory },
  )[0]!;
  const notVisited = all<{ firmId: string; name: string; countyCode: string; lastVisit: string | null }>(
    `SELECT f.id AS firmId, f.name, f.county_code AS countyCode, f.last_visit_date AS lastVisit ${keyFirmScope}
       AND (f.last_visit_date IS NULL OR f.last_visit_date < @cutoff) ORDER BY f.last_visit_date IS NOT NULL, f.last_visit_date, f.name`,
    { countyCode: params.countyCode, firmCategory: params.firmCategory, cutoff: params.cutoff },
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
      visits: v.visits,
      firmsVisited: v.firms,
      keyFirms: coverage.key,
      keyFirmsVisited: coverage.visited ?? 0,
      keyFirmsNotVisited: notVisited.length,
      problems: problemCount,
      open: total('open'),
      inProgress: total('inProgress'),
      resolved: total('resolved'),
      resolutionRate: resolutionRate(total('resolved'), problemCount),
      medianDaysToResolve: median(resolvedDays),
      financingDemand: Math.round((v.demand ?? 0) * 100) / 100,
      matchmakingFirms: v.matchmaking,
    },
    visitsPerMonth: all<{ month: string; visits: number }>(`SELECT substr(visit_date, 1, 7) AS month, COUNT(*) AS visits FROM ${cv} GROUP BY month ORDER BY month`),
    visitsPerCounty: all<{ countyCode: string; visits: number; firms: number }>(
      `SELECT county_code AS countyCode, COUNT(*) AS visits, COUNT(DISTINCT firm_id) AS firms FROM ${cv} GROUP BY county_code ORDER BY county_code`,
    ),
    problemsByCategory: rows.filter((r) => r.open + r.inProgress + r.resolved > 0),
    certifications: all<Summary['certifications'][number]>(
      `SELECT COALESCE(ri.grp, '其他') AS "group", SUM(c.star_level = 1) AS star1, SUM(c.star_level = 2) AS star2, SUM(c.star_level = 3) AS star3
       FROM firm_certifications c JOIN firms f ON f.id = c.firm_id
       LEFT JOIN reference_items ri ON ri.kind = 'green_product' AND ri.name = c.product
       WHERE c.valid_until >= @to AND (@countyCode IS NULL OR f.county_code = @countyCode)
       GROUP BY "group" ORDER BY "group"`,
      { to: params.to, countyCode: params.countyCode },
    ),
    keyFirmsNotVisited: notVisited,
  };
}

const REPORT_VISITS = 2000;

/** The report's content: the summary plus the lists it prints, all under the same filter. */
export function computeReport(db: Db, filter: SummaryFilter, now: Date): Report {
  const counted = materializeCounted(db, filter, 'report');
  try {
    const summary = summarize(db, filter, counted);
    const problems = db.prepare(`SELECT * FROM ${counted.problems} ORDER BY rowid`).all() as CountedProblemRow[];
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
