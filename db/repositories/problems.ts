import type { ProblemRecord, ProblemStatus, ProblemWithTrail } from '../../shared/domain/problem';
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
    .prepare('SELECT visit_id AS visitId, revision, from_status AS fromStatus, to_status AS toStatus, note, at FROM problem_events WHERE problem_id = ? ORDER BY id')
    .all(id) as ProblemWithTrail['events'];
  return { ...toRecord(row, today), events };
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
}

/** Applies a follow-up's updates and records the trail. Returns the ids that do not belong to the firm. */
export function applyFollowUp(db: Db, firmId: string, visitId: string, revision: number, updates: readonly StatusUpdate[], now: string): string[] {
  const foreign: string[] = [];
  for (const u of updates) {
    const current = db.prepare('SELECT status FROM problems WHERE id = ? AND firm_id = ?').pluck().get(u.problemId, firmId) as ProblemStatus | undefined;
    if (!current) {
      foreign.push(u.problemId);
      continue;
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
  return foreign;
}
