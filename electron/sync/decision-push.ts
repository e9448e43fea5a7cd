import { DecisionBatchBody, DecisionChangesBody, MAX_DECISION_BATCH } from '../../shared/api/decisions';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import type { Db } from '../../db/open';
import { pendingDecisions, recordDecisionResults, saveReceivedDecision } from '../../db/repositories/decision-outbox';
import { getSetting, setSetting } from '../../db/repositories/settings';
import { requestJson, TransportError, type HttpConfig } from './http';

const CURSOR_KEY = 'decisions.cursor';

/**
 * Sends a supervisor's queued decisions, in batches, each once: the server keeps a decision
 * by its id and answers a retry as it answered the first time, so a batch sent again after a
 * lost answer changes nothing. An answer for an id not sent is ignored; an unanswered
 * decision stays queued. A failed request leaves them all queued for the next attempt.
 */
export async function pushDecisions(db: Db, http: HttpConfig, now: () => Date): Promise<number> {
  let sent = 0;
  for (;;) {
    const decisions = pendingDecisions(db, MAX_DECISION_BATCH);
    if (decisions.length === 0) return sent;
    const { value } = await requestJson(http, '/api/v1/decisions/batch', DecisionBatchBody, { protocol: PROTOCOL_VERSION, decisions });
    const asked = new Set(decisions.map((d) => d.id));
    const answered = value.results.filter((r) => asked.has(r.id));
    recordDecisionResults(db, answered, now());
    sent += answered.length;
    if (answered.length < decisions.length || decisions.length < MAX_DECISION_BATCH) return sent;
  }
}

/**
 * Receives the decisions that concern this account — an officer's own requests and records,
 * a supervisor's counties — page by page from the stored cursor, each page with its cursor in
 * one transaction. A server from before the channel (404) has none to give.
 */
export async function pullDecisions(db: Db, http: HttpConfig): Promise<number> {
  let received = 0;
  for (let page = 0; page < 1000; page++) {
    const cursor = getSetting(db, CURSOR_KEY) ?? '0';
    let value: DecisionChangesBody;
    try {
      ({ value } = await requestJson(http, `/api/v1/decisions/changes?cursor=${cursor}`, DecisionChangesBody));
    } catch (error) {
      if (error instanceof TransportError && error.httpStatus === 404) return received;
      throw error;
    }
    db.transaction(() => {
      for (const d of value.decisions) saveReceivedDecision(db, d);
      setSetting(db, CURSOR_KEY, value.cursor);
    })();
    received += value.decisions.length;
    if (!value.more) break;
  }
  return received;
}
