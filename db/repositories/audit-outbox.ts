import { randomUUID } from 'node:crypto';
import type { LaptopAuditAction, LaptopAuditEvent } from '../../shared/api/audit';
import type { Db } from '../open';

/** Sent events are kept this long on the laptop (for the diagnostics), then dropped. */
const KEEP_SENT_DAYS = 180;

interface Row {
  id: string;
  at: string;
  action: LaptopAuditAction;
  counties: string | null;
  detail: string;
}

/** Records one event for the bureau's audit log; the next sync of any role sends it. */
export function recordAuditEvent(db: Db, event: { at: Date; action: LaptopAuditAction; counties: readonly string[] | null; detail: LaptopAuditEvent['detail'] }): void {
  db.prepare('INSERT INTO audit_outbox (id, at, action, counties, detail) VALUES (?, ?, ?, ?, ?)').run(
    randomUUID(),
    event.at.toISOString(),
    event.action,
    event.counties ? JSON.stringify(event.counties) : null,
    JSON.stringify(event.detail),
  );
}

export function pendingAuditEvents(db: Db, limit: number): LaptopAuditEvent[] {
  return (db.prepare('SELECT id, at, action, counties, detail FROM audit_outbox WHERE sent_at IS NULL ORDER BY at, id LIMIT ?').all(limit) as Row[]).map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action,
    counties: r.counties ? (JSON.parse(r.counties) as string[]) : null,
    detail: JSON.parse(r.detail) as LaptopAuditEvent['detail'],
  }));
}

export function countPendingAuditEvents(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM audit_outbox WHERE sent_at IS NULL').get() as { n: number }).n;
}

export function markAuditEventsSent(db: Db, ids: readonly string[], at: Date): void {
  const mark = db.prepare('UPDATE audit_outbox SET sent_at = ? WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) mark.run(at.toISOString(), id);
    db.prepare('DELETE FROM audit_outbox WHERE sent_at IS NOT NULL AND sent_at < ?').run(new Date(at.getTime() - KEEP_SENT_DAYS * 86_400_000).toISOString());
  })();
}
