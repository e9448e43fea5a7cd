import { DecisionBatchBody, DecisionChangesBody, MAX_DECISION_BATCH, OPTIONAL_RECEIVED_KINDS, type DecisionResult, type QueuedDecision } from '../../shared/api/decisions';
import { HealthBody, PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import type { Db } from '../../db/open';
import { pendingDecisions, recordDecisionResults, recordFailedAttempt, saveReceivedDecision } from '../../db/repositories/decision-outbox';
import { saveVisitReview } from '../../db/repositories/visit-reviews';
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
    let answered: DecisionResult[];
    try {
      answered = await send(http, decisions);
    } catch (error) {
      if (!(await failsOnThese(http, error))) throw error;
      // The server fails on this batch while it works otherwise: one at a time, so one decision cannot hold up the rest.
      answered = [];
      for (const d of decisions) {
        try {
          answered.push(...(await send(http, [d])));
        } catch (alone) {
          if (!(await failsOnThese(http, alone))) throw alone;
          if (recordFailedAttempt(db, d.id) >= MAX_DECISION_ATTEMPTS) answered.push({ id: d.id, status: 'rejected', reasons: ['subject: decision.serverFailed'] });
        }
      }
    }
    recordDecisionResults(db, answered, now());
    sent += answered.length;
    if (answered.length < decisions.length || decisions.length < MAX_DECISION_BATCH) return sent;
  }
}

/**
 * Queued, then sent at once while online (the answer is there when this returns); unreachable or
 * slow, it stays queued and the next sync sends it — nothing is lost by waiting.
 */
export async function sendNowOrLater(db: Db, http: HttpConfig, now: () => Date): Promise<void> {
  await pushDecisions(db, { ...http, timeoutMs: 10_000 }, now).catch(() => undefined);
}

/** A decision the server failed on this many times, alone, is set aside (shown, and can be sent again) so the rest move. */
export const MAX_DECISION_ATTEMPTS = 3;

async function send(http: HttpConfig, decisions: readonly QueuedDecision[]): Promise<DecisionResult[]> {
  const { value } = await requestJson(http, '/api/v1/decisions/batch', DecisionBatchBody, { protocol: PROTOCOL_VERSION, decisions });
  const asked = new Set(decisions.map((d) => d.id));
  return value.results.filter((r) => asked.has(r.id));
}

/**
 * Whether an error is the server failing on these decisions (500) while it works for others
 * (its readiness check answers): a bad network, a busy or restarting server is nobody's decision's fault.
 */
async function failsOnThese(http: HttpConfig, error: unknown): Promise<boolean> {
  if (!(error instanceof TransportError) || error.httpStatus !== 500) return false;
  try {
    await requestJson({ ...http, timeoutMs: Math.min(http.timeoutMs, 5_000) }, '/api/v1/ready', HealthBody);
    return true;
  } catch {
    return false;
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
      ({ value } = await requestJson(http, `/api/v1/decisions/changes?cursor=${cursor}&with=${OPTIONAL_RECEIVED_KINDS.join(',')}`, DecisionChangesBody));
    } catch (error) {
      if (error instanceof TransportError && error.httpStatus === 404) return received;
      throw error;
    }
    db.transaction(() => {
      for (const d of value.decisions) {
        saveReceivedDecision(db, d);
        saveVisitReview(db, d);
      }
      setSetting(db, CURSOR_KEY, value.cursor);
    })();
    received += value.decisions.length;
    if (!value.more) break;
  }
  return received;
}
