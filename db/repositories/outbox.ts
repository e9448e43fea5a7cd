import type { Db } from '../open';

export interface OutboxItem {
  id: number;
  visitId: string;
  revision: number;
  payload: string;
  contentHash: string;
  attempts: number;
}

export function enqueue(db: Db, item: Omit<OutboxItem, 'id' | 'attempts'>, now: string): void {
  db.prepare(
    `INSERT INTO outbox (visit_id, revision, payload, content_hash, created_at) VALUES (@visitId, @revision, @payload, @contentHash, @now)`,
  ).run({ ...item, now });
}

/** Oldest pending items first, so a steady queue drains in the order visits were completed. */
export function pendingBatch(db: Db, limit: number, afterId = 0): OutboxItem[] {
  return db
    .prepare(
      `SELECT id, visit_id AS visitId, revision, payload, content_hash AS contentHash, attempts FROM outbox WHERE state = 'pending' AND id > ? ORDER BY id LIMIT ?`,
    )
    .all(afterId, limit) as OutboxItem[];
}

export function countPending(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }).n;
}

export function markDone(db: Db, id: number, now: string): void {
  db.prepare(`UPDATE outbox SET state = 'done', done_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'`).run(now, id);
}

export function quarantine(db: Db, id: number, reason: string): void {
  db.prepare(`UPDATE outbox SET state = 'quarantined', last_error = ? WHERE id = ?`).run(reason, id);
}

export function recordAttempt(db: Db, ids: readonly number[], error: string): void {
  const stmt = db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?`);
  for (const id of ids) stmt.run(error, id);
}

/** Puts a visit's quarantined revisions back in the queue ("send again"). */
export function requeue(db: Db, visitId: string): number {
  return db.prepare(`UPDATE outbox SET state = 'pending', attempts = 0, last_error = NULL WHERE visit_id = ? AND state = 'quarantined'`).run(visitId).changes;
}
