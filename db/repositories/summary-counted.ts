import type { SummaryFilter } from '../../shared/domain/summary';
import type { Db } from '../open';

/**
 * The rows the exports and the report list: the counted visits, problems and events under a
 * filter, in SQL (the figures are counted in summary.ts; tests/unit/db/summary.test.ts checks
 * both count the same rows). A module of its own, so the XLSX worker that writes these rows
 * loads no schema library and no summary code (its memory is the export's peak).
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
