import type { QueuedDecision, ReceivedDecision } from '../../shared/api/decisions';
import { REVIEW_VERDICTS, reviewStateOf, reviewStateSql, type ReviewState, type ReviewVerdict } from '../../shared/domain/review';
import type { Db } from '../open';
import { statement } from '../statements';

/** One review as the visit page shows it; `waiting` while it is queued on this laptop and not yet accepted by the server. */
export interface VisitReview {
  id: string;
  revision: number;
  verdict: ReviewVerdict;
  comment: string | null;
  reviewer: string;
  reviewedAt: string;
  receivedAt: string | null;
  /** The review of the same revision this one replaced (two supervisors, the later stands). */
  replaced: { by: string; at: string; outcome: string } | null;
  waiting: boolean;
}

/** A visit's current revision as reviews count it: the latest completed one (an amendment in progress is not reviewed yet). */
export const CURRENT_REVISION = 'COALESCE(v.completed_revision, v.revision)';
export const REVIEW_STATE = reviewStateSql('v.id', CURRENT_REVISION);

/** A review the decision pull brought (other kinds are not kept here). */
export function saveVisitReview(db: Db, d: ReceivedDecision): void {
  if (d.kind !== 'visit.review' || typeof d.revision !== 'number' || !(REVIEW_VERDICTS as readonly string[]).includes(d.outcome)) return;
  statement(
    db,
    `INSERT OR REPLACE INTO visit_reviews (id, visit_id, revision, verdict, comment, reviewer, reviewed_at, received_at, replaced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(d.id, d.subject, d.revision, d.outcome, d.note, d.decidedBy, d.decidedAt, d.receivedAt, d.replaced ? JSON.stringify(d.replaced) : null);
}

/** Every review of a visit, newest first: those queued here (not yet accepted) before those received. */
export function reviewsOf(db: Db, visitId: string, reviewerHere: string): VisitReview[] {
  const queued = (statement(db, `SELECT body, created_at FROM decision_outbox WHERE kind = 'visit.review' AND subject = ? AND state = 'pending' ORDER BY created_at DESC`).all(visitId) as { body: string; created_at: string }[]).map((r) => {
    const d = JSON.parse(r.body) as Extract<QueuedDecision, { kind: 'visit.review' }>;
    return { id: d.id, revision: d.revision, verdict: d.verdict, comment: d.comment || null, reviewer: reviewerHere, reviewedAt: d.decidedAt, receivedAt: null, replaced: null, waiting: true };
  });
  const received = (statement(db, 'SELECT * FROM visit_reviews WHERE visit_id = ? ORDER BY received_at DESC, rowid DESC').all(visitId) as { id: string; revision: number; verdict: ReviewVerdict; comment: string | null; reviewer: string; reviewed_at: string; received_at: string; replaced: string | null }[]).map((r) => ({
    id: r.id,
    revision: r.revision,
    verdict: r.verdict,
    comment: r.comment,
    reviewer: r.reviewer || reviewerHere,
    reviewedAt: r.reviewed_at,
    receivedAt: r.received_at,
    replaced: r.replaced ? (JSON.parse(r.replaced) as VisitReview['replaced']) : null,
    waiting: false,
  }));
  return [...queued, ...received];
}

/** A completed visit's state from the reviews the server has accepted (one queued here shows as waiting, not as the state). */
export function reviewStateHere(db: Db, visitId: string, currentRevision: number): ReviewState {
  const latest = statement(db, 'SELECT revision, verdict FROM visit_reviews WHERE visit_id = ? ORDER BY received_at DESC, rowid DESC LIMIT 1').get(visitId) as { revision: number; verdict: ReviewVerdict } | undefined;
  return reviewStateOf(latest ?? null, currentRevision);
}

/** Visits recorded here that a supervisor returned or queried, with the latest word (the officer's home screen) — while being amended too. */
export function visitsToRevise(db: Db): { visitId: string; firmName: string; kind: string; visitDate: string | null; state: 'returned' | 'queried'; comment: string | null; reviewer: string; reviewedAt: string }[] {
  return (
    statement(
      db,
      `SELECT * FROM (
         SELECT v.id AS visitId, COALESCE(f.name, json_extract(v.answers, '$.title'), '') AS firmName, v.kind, v.visit_date AS visitDate, ${REVIEW_STATE} AS state,
           r.comment, r.reviewer, r.reviewed_at AS reviewedAt
         FROM visits v LEFT JOIN firms f ON f.id = v.firm_id
         JOIN visit_reviews r ON r.id = (SELECT x.id FROM visit_reviews x WHERE x.visit_id = v.id ORDER BY x.received_at DESC, x.rowid DESC LIMIT 1)
         WHERE v.completed_revision IS NOT NULL AND v.origin = 'local')
       WHERE state IN ('returned', 'queried') ORDER BY reviewedAt DESC`,
    ).all() as ReturnType<typeof visitsToRevise>
  );
}
