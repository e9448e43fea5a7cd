import { FirmChangesResponse } from '../../shared/api/firm-sync';
import type { Db } from '../../db/open';
import { applyFirmResults, markFirmChangesSent, pendingFirmChanges } from '../../db/repositories/firm-outbox';
import { requestJson, TransportError, type HttpConfig } from './http';

const BATCH = 100;

/**
 * Sends the firms created and edited here, before the visits that may refer to them,
 * oldest first. Each answer (proposed, merged, applied, conflict, rejected) is applied
 * in one transaction; a rejected change is set aside with its reason and never
 * blocks the rest.
 */
export async function pushFirmChanges(db: Db, http: HttpConfig, now: () => Date): Promise<number> {
  let sent = 0;
  for (let round = 0; round < 1000; round++) {
    const items = pendingFirmChanges(db, BATCH);
    if (items.length === 0) break;
    // Frozen before they leave: an edit made while they are on the wire queues a change of its own.
    markFirmChangesSent(db, items.map((i) => i.id), now().toISOString());
    const { value } = await requestJson(http, '/api/v1/firms/changes', FirmChangesResponse, { protocol: 1, changes: items.map((i) => JSON.parse(i.payload) as unknown) });
    const settled = applyFirmResults(db, items, value.results, now().toISOString());
    if (settled === 0) throw new TransportError('server answered without results for these firm changes');
    sent += settled;
  }
  return sent;
}
