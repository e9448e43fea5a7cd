import type { Visit, VisitRevision, VisitSummary } from '../../shared/domain/visit';
import type { Db } from '../open';
import type { ReviewState } from '../../shared/domain/review';
import { REVIEW_STATE } from './visit-reviews';

interface VisitRow {
  id: string;
  firm_id: string | null;
  firm_name: string;
  kind: string;
  officer: string;
  status: string;
  revision: number;
  answers: string;
  ui_state: string;
  visit_date: string | null;
  content_hash: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  sync_state: string;
  synced_at: string | null;
  sync_error: string | null;
  county_code: string | null;
  review?: string | null;
  origin?: 'local' | 'server';
}

/** A visit's firm name, or an event's title (an event has no firm). */
const FIRM_NAME = "COALESCE(f.name, json_extract(v.answers, '$.title'), '') AS firm_name";
const FROM = 'FROM visits v LEFT JOIN firms f ON f.id = v.firm_id';
const SELECT = `SELECT v.*, ${FIRM_NAME} ${FROM}`;
/** The firm's county, or the county an event was held in. */
const COUNTY = "COALESCE(f.county_code, json_extract(v.answers, '$.countyCode'))";
const SUMMARY_COLUMNS =
  `v.id, v.firm_id, ${FIRM_NAME}, v.kind, v.officer, v.status, v.revision, v.visit_date, v.content_hash, v.created_at, v.updated_at, v.completed_at, v.sync_state, v.synced_at, v.sync_error, ${COUNTY} AS county_code,
   CASE WHEN v.completed_revision IS NULL THEN NULL ELSE ${REVIEW_STATE} END AS review`;

function toSummary(row: Omit<VisitRow, 'answers' | 'ui_state'>): VisitSummary {
  return { ...toVisitFields(row), visitDate: row.visit_date, countyCode: row.county_code ?? null, review: (row.review ?? null) as ReviewState | null };
}

function toVisitFields(row: Omit<VisitRow, 'answers' | 'ui_state' | 'county_code'>): Omit<Visit, 'answers'> {
  return {
    id: row.id,
    firmId: row.firm_id,
    firmName: row.firm_name,
    kind: row.kind as Visit['kind'],
    officer: row.officer,
    status: row.status as Visit['status'],
    revision: row.revision,
    contentHash: row.content_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    syncState: row.sync_state as Visit['syncState'],
    syncedAt: row.synced_at,
    syncError: row.sync_error,
    ...(row.origin ? { origin: row.origin } : {}),
  };
}

function visitDateOf(answers: Visit['answers']): string | null {
  return typeof answers.visitDate === 'string' ? answers.visitDate : null;
}

export type StoredVisit = Visit & { uiState: { section?: string } };

export function getVisit(db: Db, id: string): StoredVisit | null {
  const row = db.prepare(`${SELECT} WHERE v.id = ?`).get(id) as VisitRow | undefined;
  if (!row) return null;
  return { ...toVisitFields(row), answers: JSON.parse(row.answers) as Visit['answers'], uiState: JSON.parse(row.ui_state) as { section?: string } };
}

export interface VisitFilter {
  status?: Visit['status'] | undefined;
  syncState?: Visit['syncState'] | undefined;
  kind?: Visit['kind'] | undefined;
  firmId?: string | undefined;
  officer?: string | undefined;
  countyCode?: string | undefined;
  /** Part of the firm's name or credit code, or of an event's title. */
  query?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** The review state of completed visits (审核). */
  review?: ReviewState | undefined;
}

export function listVisits(db: Db, filter: VisitFilter, limit: number, offset: number): { items: VisitSummary[]; total: number } {
  const clauses: string[] = [];
  if (filter.status) clauses.push('v.status = @status');
  if (filter.syncState) clauses.push('v.sync_state = @syncState');
  if (filter.kind) clauses.push('v.kind = @kind');
  if (filter.firmId) clauses.push('v.firm_id = @firmId');
  if (filter.officer) clauses.push('v.officer = @officer');
  if (filter.countyCode) clauses.push(`${COUNTY} = @countyCode`);
  if (filter.query) clauses.push(`(instr(f.name, @query) > 0 OR instr(f.credit_code, upper(@query)) > 0 OR (v.firm_id IS NULL AND instr(json_extract(v.answers, '$.title'), @query) > 0))`);
  if (filter.from) clauses.push('v.visit_date >= @from');
  if (filter.to) clauses.push('v.visit_date <= @to');
  if (filter.review) clauses.push(`v.completed_revision IS NOT NULL AND ${REVIEW_STATE} = @review`);
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const params = {
    status: filter.status ?? null,
    syncState: filter.syncState ?? null,
    kind: filter.kind ?? null,
    firmId: filter.firmId ?? null,
    officer: filter.officer ?? null,
    countyCode: filter.countyCode ?? null,
    query: filter.query ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    review: filter.review ?? null,
    limit,
    offset,
  };
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} ${FROM} ${where} ORDER BY v.updated_at DESC, v.id DESC LIMIT @limit OFFSET @offset`)
    .all(params) as VisitRow[];
  const { n } = db.prepare(`SELECT COUNT(*) AS n ${FROM} ${where}`).get(params) as { n: number };
  return { items: rows.map(toSummary), total: n };
}

/** The officers whose visits this laptop holds, for a supervisor's filter. */
export function visitOfficers(db: Db): string[] {
  return (db.prepare(`SELECT DISTINCT officer FROM visits WHERE officer <> '' ORDER BY officer`).all() as { officer: string }[]).map((r) => r.officer);
}

export interface DraftWrite {
  id: string;
  firmId: string | null;
  kind: Visit['kind'];
  officer: string;
  answers: Visit['answers'];
  uiState: { section?: string };
  now: string;
}

export function insertDraft(db: Db, d: DraftWrite): void {
  db.prepare(
    `INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, ui_state, visit_date, created_at, updated_at)
     VALUES (@id, @firmId, @kind, @officer, 'draft', 1, @answers, @uiState, @visitDate, @now, @now)`,
  ).run({ ...d, answers: JSON.stringify(d.answers), uiState: JSON.stringify(d.uiState), visitDate: visitDateOf(d.answers) });
}

export function updateDraft(db: Db, d: Pick<DraftWrite, 'id' | 'answers' | 'uiState' | 'now'>): void {
  db.prepare(`UPDATE visits SET answers = @answers, ui_state = @uiState, visit_date = @visitDate, updated_at = @now WHERE id = @id AND status = 'draft'`).run({
    ...d,
    answers: JSON.stringify(d.answers),
    uiState: JSON.stringify(d.uiState),
    visitDate: visitDateOf(d.answers),
  });
}

export interface CompletionWrite {
  id: string;
  answers: Visit['answers'];
  contentHash: string;
  completedAt: string;
}

/** Locks the draft as a completed revision and keeps that revision readable. Call inside the completion transaction. */
export function markCompleted(db: Db, c: CompletionWrite): void {
  const revision = db.prepare("SELECT revision FROM visits WHERE id = ? AND status = 'draft'").pluck().get(c.id) as number;
  insertRevision(db, c.id, revision, c.answers, c.contentHash, c.completedAt);
  db.prepare('UPDATE visits SET completed_revision = ? WHERE id = ?').run(revision, c.id);
  db.prepare(
    `UPDATE visits SET status = 'completed', answers = @answers, visit_date = @visitDate, content_hash = @contentHash,
       completed_at = @completedAt, updated_at = @completedAt, sync_state = 'waiting', sync_error = NULL
     WHERE id = @id AND status = 'draft'`,
  ).run({ ...c, answers: JSON.stringify(c.answers), visitDate: visitDateOf(c.answers) });
}

export function setSyncState(db: Db, id: string, revision: number, state: Visit['syncState'], at: string | null, error: string | null): void {
  db.prepare('UPDATE visits SET sync_state = @state, synced_at = COALESCE(@at, synced_at), sync_error = @error WHERE id = @id AND revision = @revision').run({
    id,
    revision,
    state,
    at,
    error,
  });
}

export function countBySyncState(db: Db): Record<Visit['syncState'], number> {
  const counts = { local: 0, waiting: 0, synced: 0, attention: 0 };
  for (const row of db.prepare('SELECT sync_state AS s, COUNT(*) AS n FROM visits GROUP BY sync_state').all() as { s: keyof typeof counts; n: number }[]) {
    counts[row.s] = row.n;
  }
  return counts;
}

export function lastSyncedAt(db: Db): string | null {
  return (db.prepare('SELECT MAX(synced_at) AS t FROM visits').get() as { t: string | null }).t;
}

/** An amendment: the completed visit becomes the draft of its next revision, starting from the last answers. */
/**
 * Removes a draft that was never completed, with its attachment rows, in one transaction; returns
 * the attachments' stored names (their files are the caller's to remove), or null when the visit
 * is not such a draft (completed once, so amended or locked: it stays).
 */
export function discardNeverCompletedDraft(db: Db, id: string): string[] | null {
  return db.transaction(() => {
    const draft = db.prepare(`SELECT 1 FROM visits WHERE id = ? AND status = 'draft' AND completed_revision IS NULL`).get(id);
    if (!draft) return null;
    const stored = db.prepare('SELECT stored_name FROM attachments WHERE visit_id = ?').pluck().all(id) as string[];
    db.prepare('DELETE FROM attachments WHERE visit_id = ?').run(id);
    db.prepare('DELETE FROM event_firms WHERE visit_id = ?').run(id);
    db.prepare('DELETE FROM visits WHERE id = ?').run(id);
    return stored;
  })();
}

export function reopenForAmendment(db: Db, id: string, now: string): void {
  db.prepare(
    `UPDATE visits SET status = 'draft', revision = revision + 1, content_hash = NULL, completed_at = NULL, updated_at = @now,
       sync_state = 'local', synced_at = NULL, sync_error = NULL
     WHERE id = @id AND status = 'completed'`,
  ).run({ id, now });
}

export function listRevisions(db: Db, id: string): VisitRevision[] {
  const rows = db
    .prepare('SELECT revision, answers, content_hash AS contentHash, completed_at AS completedAt FROM visit_revisions WHERE visit_id = ? ORDER BY revision DESC')
    .all(id) as (Omit<VisitRevision, 'answers'> & { answers: string })[];
  return rows.map((r) => ({ ...r, answers: JSON.parse(r.answers) as VisitRevision['answers'] }));
}

/** A diagnosis's figures as the workbook reads them (migration 017); null for other visits (only a diagnosis lists the people met). */
export function figuresOf(answers: Visit['answers']): string | null {
  if (!Array.isArray(answers.people)) return null;
  const at = (section: string, field: string) => {
    const value = (answers[section] as Record<string, unknown> | undefined)?.[field];
    return typeof value === 'number' ? value : null;
  };
  const values = [at('operations', 'outputValue'), at('operations', 'revenue'), at('operations', 'taxes'), at('operations', 'employees'), at('rnd', 'spend'), at('rnd', 'staff'), at('rnd', 'inventionPatents'), at('rnd', 'utilityPatents'), at('rnd', 'designPatents')];
  const certified = (answers.green as { certified?: unknown } | undefined)?.certified;
  return `${JSON.stringify(values)}:${Array.isArray(certified) ? certified.length : 0}`;
}

/** Keeps a completed revision, with the columns reports count by (see migration 005). Existing revisions are left alone. */
export function insertRevision(db: Db, visitId: string, revision: number, answers: Visit['answers'], contentHash: string, completedAt: string): void {
  const financing = (answers.financing ?? null) as { amount?: number; wantsMatchmaking?: boolean } | null;
  // The listing columns (migration 007): a diagnosis's conclusion or a patrol's summary, and its problem count.
  const conclusion = [answers.conclusion, answers.summary].find((text): text is string => typeof text === 'string') ?? '';
  const problemCount = Array.isArray(answers.problems) ? answers.problems.length : 0;
  db.prepare(
    `INSERT OR IGNORE INTO visit_revisions (visit_id, revision, answers, content_hash, completed_at, visit_date, financing_amount, wants_matchmaking, problem_count, conclusion, figures)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(visitId, revision, JSON.stringify(answers), contentHash, completedAt, visitDateOf(answers), financing?.amount ?? null, financing?.wantsMatchmaking === undefined ? null : Number(financing.wantsMatchmaking), problemCount, conclusion, figuresOf(answers));
}
