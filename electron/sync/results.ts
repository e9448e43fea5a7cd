import type { PushItemResult } from '../../shared/api/sync-protocol';
import type { Db } from '../../db/open';
import { markDone, quarantine, type OutboxItem } from '../../db/repositories/outbox';
import { setSyncState } from '../../db/repositories/visits';

/**
 * Applies the server's per-item results (from a push answer or a transfer receipt)
 * in one transaction: created or duplicate → synced; conflict or rejected →
 * quarantined with its reason. Items without a result stay queued.
 */
export function applyResults(db: Db, items: readonly OutboxItem[], results: readonly PushItemResult[], now: string): { settled: number; synced: string[] } {
  const byKey = new Map(results.map((r) => [`${r.id}#${r.revision}`, r]));
  const synced: string[] = [];
  let settled = 0;
  db.transaction(() => {
    for (const item of items) {
      const result = byKey.get(`${item.visitId}#${item.revision}`);
      if (!result) continue;
      settled++;
      if (result.status === 'created' || result.status === 'duplicate') {
        markDone(db, item.id, now);
        setSyncState(db, item.visitId, item.revision, 'synced', now, null);
        synced.push(item.visitId);
      } else {
        const reason = result.status === 'conflict' ? 'conflict: the server holds a different copy of this revision' : `rejected: ${(result.reasons ?? []).join('; ')}`;
        quarantine(db, item.id, reason);
        setSyncState(db, item.visitId, item.revision, 'attention', null, reason);
      }
    }
  })();
  return { settled, synced };
}
