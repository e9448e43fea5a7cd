import type { FinancingStep } from '../../shared/domain/financing';
import type { ProblemRecord, ProblemStatus, ProblemWithTrail } from '../../shared/domain/problem';
import { moveProblems, problemIdsOf, type KnownProblem, type MovingVisit, type ProblemState, type ProblemStep } from '../../shared/domain/problem-state';
import { bankMatcherOf } from './reference';
import { bankNameFor, type BankMatcher } from '../../shared/domain/banks';
import type { Db } from '../open';
import { statement } from '../statements';
import { demandContext, type DemandContext } from './demands/context';
import { stageOf } from '../../shared/domain/demand/track';
import { supervise } from '../../shared/domain/demand/deadlines';

export interface ProblemRow {
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
  handed_on: string | null;
  taken_up_on: string | null;
  answered_on: string | null;
  resolved_on: string | null;
  callback: string | null;
  extension: string | null;
  supervision: string;
  closed_at: string | null;
  closed_by: string | null;
}

/** The officer a demand is addressed to (督办): the firm's 包联 officer, else who raised it (the first step's officer). */
export const RESPONSIBLE_SQL = `COALESCE((SELECT name FROM firm_officers o WHERE o.firm_id = p.firm_id), (SELECT officer FROM problem_events e WHERE e.problem_id = p.id ORDER BY e.id LIMIT 1))`;
const SELECT = `SELECT p.*, f.name AS firm_name, ${RESPONSIBLE_SQL} AS responsible FROM problems p JOIN firms f ON f.id = p.firm_id`;
/** Overdue first (a handed demand's deadlines are counted after: see `listProblems`), then by due date (none last), then oldest first. */
const ORDER = `ORDER BY (p.status != 'resolved' AND p.due_date IS NOT NULL AND p.due_date < @today) DESC, p.due_date IS NULL, p.due_date, p.created_at`;
/** Open for the officer: not resolved, or resolved with the firm's word and not yet closed for good (待销号). */
export const OPEN_FOR_OFFICER = "(p.status != 'resolved' OR (p.callback IS NOT NULL AND p.closed_at IS NULL))";

export function toRecord(row: ProblemRow & { responsible: string | null }, today: string, context: DemandContext): ProblemRecord {
  const state = stateOf(row);
  const clock = supervise(state, context.limits, context.calendar, today);
  return {
    ...state,
    firmName: row.firm_name,
    category: row.category as ProblemRecord['category'],
    urgency: row.urgency as ProblemRecord['urgency'],
    overdue: clock ? clock.light === 'red' : row.status !== 'resolved' && row.due_date !== null && row.due_date < today,
    stage: stageOf(state),
    clock,
    responsible: row.responsible,
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
  if (q.openOnly) clauses.push(OPEN_FOR_OFFICER);
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const params = { firmId: q.firmId ?? null, today, limit: q.limit, offset: q.offset };
  const rows = db.prepare(`${SELECT} ${where} ${ORDER} LIMIT @limit OFFSET @offset`).all(params) as (ProblemRow & { responsible: string | null })[];
  const total = db.prepare(`SELECT COUNT(*) FROM problems p ${where}`).pluck().get(params) as number;
  const context = demandContext(db);
  return { items: rows.map((r) => toRecord(r, today, context)), total };
}

export function getProblem(db: Db, id: string, today: string): ProblemWithTrail | null {
  const row = db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as (ProblemRow & { responsible: string | null }) | undefined;
  if (!row) return null;
  const events = db
    .prepare(
      `SELECT visit_id AS visitId, revision, from_status AS fromStatus, to_status AS toStatus, note, at, officer, visit_kind AS visitKind, visit_date AS visitDate, event_title AS eventTitle,
         handed_to AS handedTo, department_step AS departmentStep, department_by AS departmentBy, callback,
         EXISTS (SELECT 1 FROM visits v WHERE v.id = e.visit_id) AS onLaptop
       FROM problem_events e WHERE problem_id = ? ORDER BY id`,
    )
    .all(id) as (Omit<ProblemWithTrail['events'][number], 'onLaptop' | 'callback'> & { onLaptop: number; callback: string | null })[];
  const financing = db
    .prepare('SELECT visit_id AS visitId, bank, stage, on_date AS "on", amount, rate, term_months AS termMonths, reason FROM financing_steps WHERE problem_id = ? ORDER BY on_date, visit_id')
    .all(id) as ProblemWithTrail['financing'];
  return { ...toRecord(row, today, demandContext(db)), events: events.map((e) => ({ ...e, onLaptop: e.onLaptop === 1, callback: e.callback ? (JSON.parse(e.callback) as ProblemWithTrail['events'][number]['callback']) : null })), financing };
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

/** A trail step as `problem_events` keeps it. */
export interface StepRow {
  visit_id: string;
  revision: number;
  from_status: ProblemStatus | null;
  to_status: ProblemStatus;
  note: string;
  at: string;
  officer: string | null;
  visit_date: string | null;
  visit_kind: string | null;
  event_title: string | null;
  handed_to: string | null;
  department_step: string | null;
  department_by: string | null;
  callback: string | null;
}

const json = <T>(text: string | null): T | null => (text ? (JSON.parse(text) as T) : null);

const stateOf = (r: Omit<ProblemRow, 'firm_name'>): ProblemState => ({
  id: r.id,
  firmId: r.firm_id,
  raisedVisitId: r.raised_visit_id,
  category: r.category,
  description: r.description,
  helpRequested: r.help_requested,
  department: r.department,
  urgency: r.urgency,
  dueDate: r.due_date,
  status: r.status as ProblemStatus,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  resolvedAt: r.resolved_at,
  handedOn: r.handed_on,
  takenUpOn: r.taken_up_on,
  answeredOn: r.answered_on,
  resolvedOn: r.resolved_on,
  callback: json(r.callback),
  extension: json(r.extension),
  supervision: json(r.supervision) ?? [],
  closedAt: r.closed_at,
  closedBy: r.closed_by,
});

export const STEP_COLUMNS = 'visit_id, revision, from_status, to_status, note, at, officer, visit_date, visit_kind, event_title, handed_to, department_step, department_by, callback';

export const stepOf = (r: StepRow): ProblemStep => ({
  visitId: r.visit_id,
  revision: r.revision,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  note: r.note,
  at: r.at,
  officer: r.officer,
  visitDate: r.visit_date,
  visitKind: r.visit_kind,
  eventTitle: r.event_title,
  financing: null, // this store keeps bank steps in financing_steps
  handedTo: r.handed_to,
  departmentStep: r.department_step as ProblemStep['departmentStep'],
  departmentBy: r.department_by,
  callback: json(r.callback),
});

/** The problems a visit touches, as `moveProblems` needs them: those it raises or moves, and those it raised before. */
export function knownProblems(db: Db, visit: Pick<MovingVisit, 'id' | 'kind' | 'firmId' | 'answers'>): Map<string, KnownProblem> {
  const ids = new Set([...problemIdsOf(visit), ...(statement(db, 'SELECT id FROM problems WHERE raised_visit_id = ?').pluck().all(visit.id) as string[])]);
  const row = statement(db, 'SELECT * FROM problems WHERE id = ?');
  const trail = statement(db, `SELECT ${STEP_COLUMNS} FROM problem_events WHERE problem_id = ? ORDER BY id`);
  const known = new Map<string, KnownProblem>();
  for (const id of ids) {
    const r = row.get(id) as Omit<ProblemRow, 'firm_name'> | undefined;
    if (r) known.set(id, { state: stateOf(r), trail: (trail.all(id) as StepRow[]).map(stepOf) });
  }
  return known;
}

/**
 * Writes one problem's state as it now stands. An UPDATE, else an INSERT — not an upsert: the
 * summary's temporary triggers (INSERT OR IGNORE into their own table) would take on an upsert's
 * conflict handling and fail the statement.
 */
export function saveProblemState(db: Db, state: ProblemState): void {
  const s = { ...state, callback: state.callback ? JSON.stringify(state.callback) : null, extension: state.extension ? JSON.stringify(state.extension) : null, supervision: JSON.stringify(state.supervision ?? []) };
  const updated = statement(
    db,
    `UPDATE problems SET firm_id = @firmId, raised_visit_id = @raisedVisitId, category = @category, description = @description, help_requested = @helpRequested,
       department = @department, urgency = @urgency, due_date = @dueDate, status = @status, created_at = @createdAt, updated_at = @updatedAt, resolved_at = @resolvedAt,
       handed_on = @handedOn, taken_up_on = @takenUpOn, answered_on = @answeredOn, resolved_on = @resolvedOn, callback = @callback, extension = @extension,
       supervision = @supervision, closed_at = @closedAt, closed_by = @closedBy
     WHERE id = @id`,
  ).run(s);
  if (updated.changes > 0) return;
  statement(
    db,
    `INSERT INTO problems (id, firm_id, raised_visit_id, category, description, help_requested, department, urgency, due_date, status, created_at, updated_at, resolved_at,
       handed_on, taken_up_on, answered_on, resolved_on, callback, extension, supervision, closed_at, closed_by)
     VALUES (@id, @firmId, @raisedVisitId, @category, @description, @helpRequested, @department, @urgency, @dueDate, @status, @createdAt, @updatedAt, @resolvedAt,
       @handedOn, @takenUpOn, @answeredOn, @resolvedOn, @callback, @extension, @supervision, @closedAt, @closedBy)`,
  ).run(s);
}

/** Appends a step to a problem's trail. */
export function saveProblemStep(db: Db, problemId: string, s: ProblemStep): void {
  statement(
    db,
    `INSERT INTO problem_events (problem_id, visit_id, revision, from_status, to_status, note, at, officer, visit_date, visit_kind, event_title, handed_to, department_step, department_by, callback)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(problemId, s.visitId, s.revision, s.fromStatus, s.toStatus, s.note, s.at, s.officer, s.visitDate, s.visitKind, s.eventTitle, s.handedTo ?? null, s.departmentStep ?? null, s.departmentBy ?? null, s.callback ? JSON.stringify(s.callback) : null);
}

/**
 * What a completed revision does to problems (shared/domain/problem-state.ts, the rule the
 * server applies too), written here: raised or moved states, removed ones, the trail's new
 * steps, and the bank steps it reports (replacing those an earlier revision of the same
 * visit reported; an older revision arriving after a newer one records none). Reports what
 * it could not apply; the caller decides whether that refuses the visit (completion) or
 * not (a pull of what the server accepted). Call inside the completion or pull transaction.
 */
export function applyVisitToProblems(db: Db, visit: MovingVisit): FollowUpOutcome {
  const changes = moveProblems(visit, knownProblems(db, visit));
  for (const id of changes.removed) statement(db, 'DELETE FROM problems WHERE id = ?').run(id);
  for (const { state } of changes.changed.values()) saveProblemState(db, state);
  for (const { problemId, ...step } of changes.added) saveProblemStep(db, problemId, step);
  if (visit.kind === 'followup' || visit.kind === 'event') {
    const newer = statement(db, 'SELECT 1 FROM financing_steps WHERE visit_id = ? AND revision > ?').get(visit.id, visit.revision) !== undefined;
    if (!newer) {
      statement(db, 'DELETE FROM financing_steps WHERE visit_id = ?').run(visit.id);
      // Read the bank list only for an update that records a bank step: a supervisor's pull applies thousands of follow-ups without one.
      let banks: BankMatcher | null = null;
      for (const { problemId, financing: f } of changes.added) {
        if (!f) continue;
        statement(
          db,
          `INSERT INTO financing_steps (problem_id, visit_id, revision, bank, stage, on_date, amount, rate, term_months, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (problem_id, visit_id) DO UPDATE SET revision = excluded.revision, bank = excluded.bank, stage = excluded.stage, on_date = excluded.on_date,
             amount = excluded.amount, rate = excluded.rate, term_months = excluded.term_months, reason = excluded.reason`,
        ).run(problemId, visit.id, visit.revision, bankNameFor((banks ??= bankMatcherOf(db)), f.bank), f.stage, f.on, f.amount, f.rate, f.termMonths, f.reason);
      }
    }
  }
  return { foreign: changes.foreign, notFinancing: changes.notFinancing };
}
