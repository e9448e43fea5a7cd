import type { FinancingStep } from '../../shared/domain/financing';
import type { ProblemRecord, ProblemStatus, ProblemWithTrail } from '../../shared/domain/problem';
import { bankMatcherOf } from './reference';
import { bankNameFor, type BankMatcher } from '../../shared/domain/banks';
import type { Db } from '../open';

interface ProblemRow {
  id: string;
  firm_id: string;
  firm_name: string;
  raised_visit_id: string;
  category: string;
  description: string;
  help_requested: string;
  department: string;
  urgency: string;
  due_date: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

const SELECT = 'SELECT p.*, f.name AS firm_name FROM problems p JOIN firms f ON f.id = p.firm_id';
/** Overdue first, then by due date (none last), then oldest first. */
const ORDER = `ORDER BY (p.status != 'resolved' AND p.due_date IS NOT NULL AND p.due_date < @today) DESC, p.due_date IS NULL, p.due_date, p.created_at`;

function toRecord(row: ProblemRow, today: string): ProblemRecord {
  return {
    id: row.id,
    firmId: row.firm_id,
    firmName: row.firm_name,
    raisedVisitId: row.raised_visit_id,
    category: row.category as ProblemRecord['category'],
    description: row.description,
    helpRequested: row.help_requested,
    department: row.department,
    urgency: row.urgency as ProblemRecord['urgency'],
    dueDate: row.due_date,
    status: row.status as ProblemStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    overdue: row.status !== 'resolved' && row.due_date !== null && row.due_date < today,
  };
}

export interface ProblemQuery {
  firmId?: string | undefined;
  openOnly?: boolean | undefined;
  limit: number;
  offset: number;
}

export function listProblems(db: Db, q: ProblemQuery, today: string): { items: ProblemRecord[]; total: number } {
  const clauses: string[] = [];
  if (q.firmId) clauses.push('p.firm_id = @firmId');
  if (q.openOnly) clauses.push("p.status != 'resolved'");
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const params = { firmId: q.firmId ?? null, today, limit: q.limit, offset: q.offset };
  const rows = db.prepare(`${SELECT} ${where} ${ORDER} LIMIT @limit OFFSET @offset`).all(params) as ProblemRow[];
  const total = db.prepare(`SELECT COUNT(*) FROM problems p ${where}`).pluck().get(params) as number;
  return { items: rows.map((r) => toRecord(r, today)), total };
}

export function getProblem(db: Db, id: string, today: string): ProblemWithTrail | null {
  const row = db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as ProblemRow | undefined;
  if (!row) return null;
  const events = db
    .prepare(
      `SELECT e.visit_id AS visitId, e.revision, e.from_status AS fromStatus, e.to_status AS toStatus, e.note, e.at, v.kind AS visitKind,
         (SELECT r.visit_date FROM visit_revisions r WHERE r.visit_id = e.visit_id AND r.revision = e.revision) AS visitDate,
         CASE WHEN v.kind = 'event' THEN json_extract(v.answers, '$.title') END AS eventTitle
       FROM problem_events e LEFT JOIN visits v ON v.id = e.visit_id WHERE e.problem_id = ? ORDER BY e.id`,
    )
    .all(id) as ProblemWithTrail['events'];
  const financing = db
    .prepare('SELECT visit_id AS visitId, bank, stage, on_date AS "on", amount, rate, term_months AS termMonths, reason FROM financing_steps WHERE problem_id = ? ORDER BY on_date, visit_id')
    .all(id) as ProblemWithTrail['financing'];
  return { ...toRecord(row, today), events, financing };
}

export interface RaisedProblem {
  id: string;
  category: string;
  description: string;
  helpRequested?: string | undefined;
  department?: string | undefined;
  urgency: string;
  dueDate?: string | undefined;
}

/**
 * Makes the problems of a completed diagnosis revision live records. An amended
 * revision updates their text; problems it dropped are removed unless a follow-up
 * already worked on them. Call inside the completion transaction.
 */
export function syncRaisedProblems(db: Db, firmId: string, visitId: string, revision: number, problems: readonly RaisedProblem[], now: string): void {
  const upsert = db.prepare(
    `INSERT INTO problems (id, firm_id, raised_visit_id, category, description, help_requested, department, urgency, due_date, created_at, updated_at)
     VALUES (@id, @firmId, @visitId, @category, @description, @helpRequested, @department, @urgency, @dueDate, @now, @now)
     ON CONFLICT (id) DO UPDATE SET category = excluded.category, description = excluded.description, help_requested = excluded.help_requested,
       department = excluded.department, urgency = excluded.urgency, due_date = excluded.due_date, updated_at = excluded.updated_at
     WHERE problems.raised_visit_id = excluded.raised_visit_id`,
  );
  const logRaised = db.prepare(
    `INSERT INTO problem_events (problem_id, visit_id, revision, from_status, to_status, note, at) SELECT @id, @visitId, @revision, NULL, 'open', '', @now
     WHERE NOT EXISTS (SELECT 1 FROM problem_events WHERE problem_id = @id)`,
  );
  for (const p of problems) {
    const row = { ...p, helpRequested: p.helpRequested ?? '', department: p.department ?? '', dueDate: p.dueDate ?? null, firmId, visitId, revision, now };
    upsert.run(row);
    logRaised.run(row);
  }
  const keep = JSON.stringify(problems.map((p) => p.id));
  db.prepare(
    `DELETE FROM problems WHERE raised_visit_id = @visitId AND id NOT IN (SELECT value FROM json_each(@keep))
       AND NOT EXISTS (SELECT 1 FROM problem_events e WHERE e.problem_id = problems.id AND e.visit_id != @visitId)`,
  ).run({ visitId, keep });
}

export interface StatusUpdate {
  problemId: string;
  status: ProblemStatus;
  note?: string | undefined;
  financing?: Partial<FinancingStep> | undefined;
}

export interface FollowUpOutcome {
  /** Problems that are not the firm's. */
  foreign: string[];
  /** Problems given a bank step that are not financing problems. */
  notFinancing: string[];
}

/**
 * Applies a follow-up's updates and records the trail, and the financing steps it reports
 * (replacing those an earlier revision of the same visit reported). Reports what it could
 * not apply; the caller decides whether that refuses the visit (completion) or not (a pull
 * of what the server accepted).
 */
export function applyFollowUp(db: Db, firmId: string, visitId: string, revision: number, updates: readonly StatusUpdate[], now: string): FollowUpOutcome {
  return applyProblemUpdates(db, visitId, revision, updates.map((u) => ({ ...u, firmId })), now);
}

/**
 * Updates each made for a named firm (an event's firm rows, or a follow-up's one firm):
 * the same status changes, trail entries and financing steps, checked the same way.
 */
export function applyProblemUpdates(db: Db, visitId: string, revision: number, updates: readonly (StatusUpdate & { firmId: string })[], now: string): FollowUpOutcome {
  const outcome: FollowUpOutcome = { foreign: [], notFinancing: [] };
  // Read the bank list only for an update that records a bank step: a supervisor's pull applies thousands of follow-ups without one.
  let banks: BankMatcher | null = null;
  const newer = db.prepare('SELECT 1 FROM financing_steps WHERE visit_id = ? AND revision > ?').get(visitId, revision) !== undefined;
  if (!newer) db.prepare('DELETE FROM financing_steps WHERE visit_id = ?').run(visitId);
  for (const u of updates) {
    const row = db.prepare('SELECT status, category FROM problems WHERE id = ? AND firm_id = ?').get(u.problemId, u.firmId) as { status: ProblemStatus; category: string } | undefined;
    if (!row) {
      outcome.foreign.push(u.problemId);
      continue;
    }
    const current = row.status;
    if (u.financing && row.category !== 'financing') outcome.notFinancing.push(u.problemId);
    else if (u.financing?.bank && u.financing.stage && u.financing.on && !newer) {
      const { bank, stage, on, amount, rate, termMonths, reason } = u.financing;
      db.prepare(
        `INSERT INTO financing_steps (problem_id, visit_id, revision, bank, stage, on_date, amount, rate, term_months, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(u.problemId, visitId, revision, bankNameFor((banks ??= bankMatcherOf(db)), bank), stage, on, amount ?? null, rate ?? null, termMonths ?? null, reason ?? '');
    }
    db.prepare(
      `UPDATE problems SET status = @status, updated_at = @now, resolved_at = CASE WHEN @status = 'resolved' THEN @now ELSE NULL END WHERE id = @id`,
    ).run({ id: u.problemId, status: u.status, now });
    db.prepare('INSERT INTO problem_events (problem_id, visit_id, revision, from_status, to_status, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      u.problemId,
      visitId,
      revision,
      current,
      u.status,
      u.note ?? '',
      now,
    );
  }
  return outcome;
}
