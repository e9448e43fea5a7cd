import { LaptopAuditBody, MAX_LAPTOP_AUDIT_BATCH } from '../../shared/api/audit';
import type { Db } from '../../db/open';
import { markAuditEventsSent, pendingAuditEvents } from '../../db/repositories/audit-outbox';
import { requestJson, TransportError, type HttpConfig } from './http';

/**
 * Sends the laptop's audit events (exports, outside backups, transfer files) to the
 * bureau's audit log, in batches, each event once: the server keeps an event by its id,
 * so a batch sent again after a lost answer adds nothing. A server from before the audit
 * log (404) keeps them waiting here.
 */
export async function pushAuditEvents(db: Db, http: HttpConfig, now: () => Date): Promise<number> {
  let sent = 0;
  for (;;) {
    const events = pendingAuditEvents(db, MAX_LAPTOP_AUDIT_BATCH);
    if (events.length === 0) return sent;
    try {
      const { value } = await requestJson(http, '/api/v1/audit/events', LaptopAuditBody, { events });
      markAuditEventsSent(db, value.accepted, now());
    } catch (error) {
      if (error instanceof TransportError && error.httpStatus === 404) return sent;
      throw error;
    }
    sent += events.length;
    if (events.length < MAX_LAPTOP_AUDIT_BATCH) return sent;
  }
}
