import type { SummaryFilter } from '../../shared/domain/summary';
import type { Db } from '../open';
import { REVIEW_STATE } from './visit-reviews';

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
  /** A diagnosis's figures as a JSON array (issue 26; null on other visits): see diagnosisFigures. */
  figures: string | null;
  /** Its review (审核, issue 30): unreviewed, passed, returned, queried, amended. */
  review: string;
}

/** One row of the 融资 sheet: a counted diagnosis's need and where it stands with one bank (bank null: not referred yet). */
export interface CountedFinancingRow {
  rowid: number;
  firm_name: string;
  county_code: string;
  visit_date: string;
  need: number;
  bank: string | null;
  referred_on: string | null;
  answer: 'approved' | 'declined' | null;
  answered_on: string | null;
  approved: number | null;
  rate: number | null;
  term_months: number | null;
  reason: string | null;
  received: number | null;
  first_funds: string | null;
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

/** A diagnosis's figures for the 走访 sheet: copied out of its answers when the revision was kept (migration 017). */
const DIAGNOSIS_FIGURES = `CASE WHEN v.kind = 'diagnosis' THEN r.figures END`;

/** The sheet's cells from a row's figures: 万元 amounts, people, patents (null when no R&D was recorded), certificates. */
export function diagnosisFigures(figures: string | null): (number | null)[] {
  if (!figures) return [null, null, null, null, null, null, null, null];
  const colon = figures.lastIndexOf(':');
  const certified = Number(figures.slice(colon + 1));
  const f = JSON.parse(figures.slice(0, colon)) as unknown[];
  const num = (i: number) => (typeof f[i] === 'number' ? (f[i] as number) : null);
  const patents = [6, 7, 8].map(num);
  return [num(0), num(1), num(2), num(3), num(4), num(5), patents.every((p) => p === null) ? null : patents.reduce<number>((sum, p) => sum + (p ?? 0), 0), certified];
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
    passedOnly: filter.passedOnly ? 1 : 0,
  };
}

/**
 * Materialises the counted visits and (unless `withProblems` is false: their
 * descriptions are the costly part) problems of `filter`, with the columns the
 * export tables and the report list, as temp tables named after `key`. A diagnosis's
 * figures are read from its answers only where a sheet shows them (`withFigures`: the
 * workbook and the 走访 CSV), not for the report or the other tables.
 */
export function materializeCounted(db: Db, filter: SummaryFilter, key = 'summary', withProblems = true, withFigures = true): Counted {
  // Its temp tables move none of the facts' change counts (summary-fact-store.ts counts main tables only).
  return materialize(db, filter, key, withProblems, withFigures);
}

function materialize(db: Db, filter: SummaryFilter, key: string, withProblems: boolean, withFigures: boolean): Counted {
  const tag = key.replace(/[^a-z0-9]/gi, '').slice(0, 40);
  const visits = `counted_visits_${tag}`;
  const problems = `counted_problems_${tag}`;
  const drop = () => db.exec(`DROP TABLE IF EXISTS temp.${visits}; DROP TABLE IF EXISTS temp.${problems}; DROP TABLE IF EXISTS temp.${visits}_financing;`);
  drop();
  db.exec(`CREATE TEMP TABLE ${visits} (id TEXT, firm_id TEXT, firm_name TEXT, credit_code TEXT, county_code TEXT, kind TEXT, officer TEXT, visit_date TEXT, revision INTEGER, problem_count INTEGER, conclusion TEXT, financing REAL, matchmaking INTEGER,
    figures TEXT, review TEXT)`);
  const params = filterParams(filter);
  db.prepare(
    `INSERT INTO ${visits}
     SELECT v.id, v.firm_id, f.name, f.credit_code, f.county_code, v.kind, v.officer, r.visit_date, r.revision,
       r.problem_count, r.conclusion,
       CASE WHEN v.kind = 'diagnosis' THEN r.financing_amount END, CASE WHEN v.kind = 'diagnosis' THEN r.wants_matchmaking END,
       ${withFigures ? DIAGNOSIS_FIGURES : 'NULL'}, ${REVIEW_STATE}
     FROM visit_revisions r
     JOIN visits v ON v.id = r.visit_id AND r.revision = v.completed_revision
     JOIN firms f ON f.id = v.firm_id
     WHERE r.visit_date BETWEEN @from AND @to
       AND (@countyCode IS NULL OR f.county_code = @countyCode)
       AND (@kind IS NULL OR v.kind = @kind)
       AND (@officer IS NULL OR v.officer = @officer)
       AND (@keyTier IS NULL OR f.key_tier = @keyTier)
       AND (@firmCategory IS NULL OR EXISTS (SELECT 1 FROM json_each(f.categories) c WHERE c.value = @firmCategory))
       AND (@passedOnly = 0 OR ${REVIEW_STATE} = 'passed')
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

/**
 * The 融资 sheet's rows over the counted visits (the summary's financing rules, shared/domain/summary.ts):
 * each counted diagnosis with a need, once per bank it was taken to — referred when, the bank's latest
 * answer (approved or declined, by date), funds received — or once with no bank while not referred.
 * Materialised as a temp table named after `visits`; drop it with `${visits}_financing`.
 */
export function materializeFinancing(db: Db, visits: string): string {
  const table = `${visits}_financing`;
  db.exec(`DROP TABLE IF EXISTS temp.${table}`);
  db.exec(`CREATE TEMP TABLE ${table} AS
    WITH cases AS (SELECT c.id AS visit_id, c.firm_name, c.county_code, c.visit_date, c.financing AS need FROM ${visits} c WHERE c.financing > 0),
    steps AS (SELECT k.visit_id, s.bank, s.stage, s.on_date, s.amount, s.rate, s.term_months, s.reason, s.visit_id AS step_visit
      FROM cases k JOIN problems p ON p.raised_visit_id = k.visit_id AND p.category = 'financing' JOIN financing_steps s ON s.problem_id = p.id),
    answers AS (SELECT visit_id, bank, stage, on_date, amount, rate, term_months, reason,
      ROW_NUMBER() OVER (PARTITION BY visit_id, bank ORDER BY on_date DESC, step_visit DESC) AS rn FROM steps WHERE stage IN ('approved', 'declined')),
    banks AS (SELECT visit_id, bank, MIN(CASE WHEN stage = 'referred' THEN on_date END) AS referred_on,
      SUM(CASE WHEN stage = 'funded' THEN amount END) AS received, MIN(CASE WHEN stage = 'funded' THEN on_date END) AS first_funds FROM steps GROUP BY visit_id, bank)
    SELECT k.firm_name, k.county_code, k.visit_date, k.need, b.bank, b.referred_on, a.stage AS answer, a.on_date AS answered_on,
      CASE WHEN a.stage = 'approved' THEN a.amount END AS approved, CASE WHEN a.stage = 'approved' THEN a.rate END AS rate,
      CASE WHEN a.stage = 'approved' THEN a.term_months END AS term_months, CASE WHEN a.stage = 'declined' THEN a.reason END AS reason, b.received, b.first_funds
    FROM cases k LEFT JOIN banks b ON b.visit_id = k.visit_id LEFT JOIN answers a ON a.visit_id = b.visit_id AND a.bank = b.bank AND a.rn = 1
    ORDER BY k.visit_date, k.visit_id, b.bank`);
  return table;
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
         AND (@officer IS NULL OR v.officer = @officer) AND (@passedOnly = 0 OR ${REVIEW_STATE} = 'passed') AND v.rowid > @after ORDER BY v.rowid LIMIT @limit`,
    )
    .all({ from: filter.from, to: filter.to, county: filter.countyCode ?? null, officer: filter.officer ?? null, passedOnly: filter.passedOnly ? 1 : 0, after: afterRowid, limit }) as Omit<CountedEventRow, 'firmNames'>[];
  const names = new Map(
    (db.prepare(`SELECT f.id, f.name FROM firms f WHERE f.id IN (SELECT e.firm_id FROM event_firms e WHERE e.visit_id IN (SELECT value FROM json_each(?)))`).all(JSON.stringify(rows.map((r) => r.id))) as { id: string; name: string }[]).map(
      (f) => [f.id, f.name],
    ),
  );
  return rows.map((r) => ({ ...r, firmNames: names }));
}
