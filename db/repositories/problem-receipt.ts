import type { ServerProblem } from '../../shared/api/problem-sync';
import { bankNameFor, type BankMatcher } from '../../shared/domain/banks';
import type { Db } from '../open';
import { statement } from '../statements';
import { addFirmSeenOnServer } from './firms';
import { saveProblemState, saveProblemStep, STEP_COLUMNS, stepOf, type StepRow } from './problems';
import { bankMatcherOf } from './reference';

/**
 * Applies a problem as the server keeps it (issue 27): its state and trail replace this
 * laptop's copy — a colleague's follow-up shows here with who made it — except for the
 * steps of visits completed here that the server has not yet accepted: those stay on the
 * trail, and the last of them sets the status, until the push answers and the next pull
 * brings the server's view with them in it. Call inside the pull's transaction.
 */
export function receiveProblem(db: Db, p: ServerProblem, receivedAt: string, banks: () => BankMatcher): void {
  const { state } = p;
  const onServer = new Set(p.trail.map((s) => `${s.visitId}:${s.revision}`));
  const pending = (
    statement(
      db,
      `SELECT ${STEP_COLUMNS} FROM problem_events
       WHERE problem_id = ? AND visit_id IN (SELECT id FROM visits WHERE origin = 'local' AND sync_state != 'synced') ORDER BY id`,
    ).all(state.id) as StepRow[]
  ).filter((s) => !onServer.has(`${s.visit_id}:${s.revision}`));
  if (p.removed) {
    if (pending.length === 0) statement(db, 'DELETE FROM problems WHERE id = ?').run(state.id);
    return;
  }
  addFirmSeenOnServer(db, state.firmId, p.firm, receivedAt);
  const last = pending[pending.length - 1];
  saveProblemState(db, last ? { ...state, status: last.to_status, updatedAt: last.at, resolvedAt: last.to_status === 'resolved' ? last.at : null } : state);
  // The server's trail in its order, then what it has not seen yet.
  statement(db, 'DELETE FROM problem_events WHERE problem_id = ?').run(state.id);
  for (const step of p.trail) saveProblemStep(db, state.id, step);
  for (const s of pending) saveProblemStep(db, state.id, stepOf(s));
  const keepVisits = JSON.stringify([...new Set(pending.map((s) => s.visit_id))]);
  statement(db, 'DELETE FROM financing_steps WHERE problem_id = ? AND visit_id NOT IN (SELECT value FROM json_each(?))').run(state.id, keepVisits);
  // The latest revision of each visit's report stands (an amended follow-up replaces its step).
  const latest = new Map<string, (typeof p.trail)[number]>();
  for (const step of p.trail) if ((latest.get(step.visitId)?.revision ?? 0) <= step.revision) latest.set(step.visitId, step);
  for (const step of latest.values()) {
    const f = step.financing;
    if (!f) continue;
    statement(db, 
      `INSERT OR REPLACE INTO financing_steps (problem_id, visit_id, revision, bank, stage, on_date, amount, rate, term_months, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(state.id, step.visitId, step.revision, bankNameFor(banks(), f.bank), f.stage, f.on, f.amount, f.rate, f.termMonths, f.reason);
  }
}

/** The bank list, read once per page and only when a step needs it. */
export function lazyBanks(db: Db): () => BankMatcher {
  let banks: BankMatcher | null = null;
  return () => (banks ??= bankMatcherOf(db));
}
