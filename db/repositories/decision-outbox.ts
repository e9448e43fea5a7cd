import type { DecisionResult, QueuedDecision, QueuedDecisionView, ReceivedDecision } from '../../shared/api/decisions';
import type { Db } from '../open';
import { saveVisitReview } from './visit-reviews';

interface Row {
  id: string;
  kind: QueuedDecision['kind'];
  subject: string;
  body: string;
  label: string;
  created_at: string;
  state: 'pending' | 'done' | 'rejected';
  result: string | null;
}

const view = (r: Row): QueuedDecisionView => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  label: r.label,
  createdAt: r.created_at,
  state: r.state,
  result: r.result ? (JSON.parse(r.result) as DecisionResult) : null,
  decision: JSON.parse(r.body) as Record<string, unknown>,
});

/** Queues one decision; the next sync sends it. */
export function queueDecision(db: Db, decision: QueuedDecision, label: string): void {
  db.prepare('INSERT INTO decision_outbox (id, kind, subject, body, label, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(decision.id, decision.kind, decision.subject, JSON.stringify(decision), label, decision.decidedAt);
}

export function queuedDecision(db: Db, id: string): QueuedDecisionView | null {
  const row = db.prepare('SELECT * FROM decision_outbox WHERE id = ?').get(id) as Row | undefined;
  return row ? view(row) : null;
}

export function pendingDecisions(db: Db, limit: number): QueuedDecision[] {
  return (db.prepare(`SELECT body FROM decision_outbox WHERE state = 'pending' ORDER BY created_at, id LIMIT ?`).pluck().all(limit) as string[]).map((b) => JSON.parse(b) as QueuedDecision);
}

export function countPendingDecisions(db: Db): number {
  return db.prepare(`SELECT COUNT(*) FROM decision_outbox WHERE state = 'pending'`).pluck().get() as number;
}

/** Records the server's answers: applied (or a retry's duplicate) is done, rejected is kept with its reasons for the screen. */
export function recordDecisionResults(db: Db, results: readonly DecisionResult[], at: Date): void {
  const mark = db.prepare(`UPDATE decision_outbox SET state = ?, result = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ? AND state = 'pending'`);
  const review = db.prepare(`SELECT body FROM decision_outbox WHERE id = ? AND kind = 'visit.review'`).pluck();
  db.transaction(() => {
    for (const r of results) {
      if (mark.run(r.status === 'rejected' ? 'rejected' : 'done', JSON.stringify(r), at.toISOString(), r.id).changes === 0 || r.status === 'rejected') continue;
      // A review the server accepted counts here at once (its reviewer is this laptop's account until the decision pull brings the server's copy).
      const body = review.get(r.id) as string | undefined;
      if (body) {
        const d = JSON.parse(body) as Extract<QueuedDecision, { kind: 'visit.review' }>;
        saveVisitReview(db, { id: d.id, kind: 'visit.review', subject: d.subject, firmId: null, firmName: null, outcome: d.verdict, note: d.comment || null, decidedBy: '', decidedAt: d.decidedAt, receivedAt: at.toISOString(), replaced: r.replaced ?? null, revision: d.revision });
      }
    }
  })();
}

/** Counts a failed attempt to send one decision; returns how many it has had. */
export function recordFailedAttempt(db: Db, id: string): number {
  db.prepare('UPDATE decision_outbox SET attempts = attempts + 1 WHERE id = ?').run(id);
  return db.prepare('SELECT attempts FROM decision_outbox WHERE id = ?').pluck().get(id) as number;
}

/** "Send again": a decision set aside (refused, or one the server kept failing on) waits to be sent once more. */
export function requeueDecision(db: Db, id: string): boolean {
  return db.prepare(`UPDATE decision_outbox SET state = 'pending', attempts = 0, result = NULL WHERE id = ? AND state = 'rejected'`).run(id).changes > 0;
}

/** The decisions queued on this laptop, the waiting ones first, then the latest answered. */
export function listQueuedDecisions(db: Db, limit = 100): QueuedDecisionView[] {
  return (db.prepare(`SELECT * FROM decision_outbox ORDER BY state = 'pending' DESC, created_at DESC LIMIT ?`).all(limit) as Row[]).map(view);
}

/** The subjects a decision is waiting on here (the review screen shows them as queued, not as open). */
export function waitingSubjects(db: Db): Set<string> {
  return new Set((db.prepare(`SELECT kind || ':' || subject FROM decision_outbox WHERE state = 'pending'`).pluck().all() as string[]));
}

export function saveReceivedDecision(db: Db, d: ReceivedDecision): void {
  db.prepare('INSERT OR REPLACE INTO received_decisions (id, kind, subject, firm_id, body) VALUES (?, ?, ?, ?, ?)').run(d.id, d.kind, d.subject, d.firmId, JSON.stringify(d));
}

/** Decisions received about a firm, newest first. */
export function receivedDecisionsOf(db: Db, firmId: string): ReceivedDecision[] {
  return (db.prepare('SELECT body FROM received_decisions WHERE firm_id = ? ORDER BY rowid DESC').pluck().all(firmId) as string[]).map((b) => JSON.parse(b) as ReceivedDecision);
}
