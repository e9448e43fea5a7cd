import type { FirmChange, FirmChangeResult } from '../../shared/api/firm-sync';
import type { Db } from '../open';
import { invalidateFirmIndex } from './firm-index';

export interface FirmOutboxItem {
  id: number;
  changeId: string;
  firmId: string;
  payload: string;
}

/** Queues a firm change; call in the transaction that writes the firm. */
export function enqueueFirmChange(db: Db, change: FirmChange, now: string): void {
  db.prepare('INSERT INTO firm_outbox (change_id, firm_id, payload, created_at) VALUES (?, ?, ?, ?)').run(change.changeId, change.firmId, JSON.stringify(change), now);
}

/** A new firm's proposal still waiting for the register's answer; `sentAt` once it has left the laptop. */
export function pendingCreationOf(db: Db, firmId: string): { id: number; change: FirmChange; sentAt: string | null } | null {
  const row = db
    .prepare(`SELECT id, payload, sent_at AS sentAt FROM firm_outbox WHERE firm_id = ? AND state = 'pending' AND json_extract(payload, '$.baseVersion') IS NULL AND json_extract(payload, '$.creditCode') IS NOT NULL ORDER BY id LIMIT 1`)
    .get(firmId) as { id: number; payload: string; sentAt: string | null } | undefined;
  return row ? { id: row.id, change: JSON.parse(row.payload) as FirmChange, sentAt: row.sentAt } : null;
}

/** Folds the latest values into a proposal that has never left the laptop (and only then). */
export function rewriteUnsentCreation(db: Db, id: number, change: FirmChange): void {
  const { changes } = db.prepare('UPDATE firm_outbox SET payload = ? WHERE id = ? AND sent_at IS NULL').run(JSON.stringify(change), id);
  if (changes !== 1) throw new Error(`firm change ${id} has been sent: it cannot be rewritten`);
}

/** Marks changes as on their way: from now on their content is frozen (a later edit is a change of its own). */
export function markFirmChangesSent(db: Db, ids: readonly number[], now: string): void {
  const stmt = db.prepare('UPDATE firm_outbox SET sent_at = COALESCE(sent_at, ?) WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) stmt.run(now, id);
  })();
}

export function pendingFirmChanges(db: Db, limit: number): FirmOutboxItem[] {
  return db.prepare(`SELECT id, change_id AS changeId, firm_id AS firmId, payload FROM firm_outbox WHERE state = 'pending' ORDER BY id LIMIT ?`).all(limit) as FirmOutboxItem[];
}

export function countPendingFirmChanges(db: Db): number {
  return db.prepare(`SELECT COUNT(*) FROM firm_outbox WHERE state = 'pending'`).pluck().get() as number;
}

/**
 * The laptop's id of a firm becomes the register's (the register already had the
 * firm): its visits, problems and queued changes follow, and the alias is kept so
 * the firm page can say it was merged. Foreign keys are checked at commit.
 */
function remapFirm(db: Db, localId: string, registerId: string, now: string): void {
  db.pragma('defer_foreign_keys = ON');
  const registerCopy = db.prepare('SELECT 1 FROM firms WHERE id = ?').get(registerId);
  if (registerCopy) {
    db.prepare('DELETE FROM firm_certifications WHERE firm_id = ?').run(localId);
    db.prepare('DELETE FROM firms WHERE id = ?').run(localId);
  } else {
    db.prepare(`UPDATE firms SET id = ?, register_state = 'registered' WHERE id = ?`).run(registerId, localId);
    db.prepare('UPDATE firm_certifications SET firm_id = ? WHERE firm_id = ?').run(registerId, localId);
  }
  db.prepare('UPDATE visits SET firm_id = ? WHERE firm_id = ?').run(registerId, localId);
  db.prepare('UPDATE problems SET firm_id = ? WHERE firm_id = ?').run(registerId, localId);
  db.prepare('UPDATE firm_outbox SET firm_id = ? WHERE firm_id = ?').run(registerId, localId);
  db.prepare('INSERT OR REPLACE INTO firm_aliases (alias_id, firm_id, merged_at) VALUES (?, ?, ?)').run(localId, registerId, now);
  invalidateFirmIndex(db);
}

/** Applies the server's answers to queued firm changes, in one transaction. */
export function applyFirmResults(db: Db, items: readonly FirmOutboxItem[], results: readonly FirmChangeResult[], now: string): number {
  const byChange = new Map(results.map((r) => [r.changeId, r]));
  let settled = 0;
  db.transaction(() => {
    for (const item of items) {
      const result = byChange.get(item.changeId);
      if (!result) continue;
      settled++;
      const state = result.status === 'rejected' ? 'attention' : 'done';
      // Settled only for the content the server answered about.
      const marked = db.prepare(`UPDATE firm_outbox SET state = ?, result = ? WHERE id = ? AND payload = ? AND state = 'pending'`).run(state, JSON.stringify(result), item.id, item.payload).changes;
      if (!marked) continue;
      if (result.status === 'merged' && result.firmId !== item.firmId) remapFirm(db, item.firmId, result.firmId, now);
      const registerState = result.status === 'proposed' ? 'proposed' : result.status === 'conflict' || result.conflicts?.length ? 'conflict' : null;
      const firmId = result.status === 'merged' ? result.firmId : item.firmId;
      if (registerState) db.prepare('UPDATE firms SET register_state = ? WHERE id = ?').run(registerState, firmId);
      else if (result.status === 'applied') db.prepare(`UPDATE firms SET register_state = CASE register_state WHEN 'local' THEN 'proposed' ELSE register_state END WHERE id = ?`).run(firmId);
      if (result.version) db.prepare('UPDATE firms SET register_version = ? WHERE id = ?').run(result.version, firmId);
    }
  })();
  return settled;
}
