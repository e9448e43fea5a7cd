import { mayReviewFirm } from '../authorization';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { holdSequence } from '../store/sequence-horizon';
import { audit, type AuditActor } from '../audit/audit-log';

type Tx = Pick<SqlClient, 'query' | 'exec'>;

/** A decision the server will never apply, with the reason key the laptop shows. */
export class DecisionRefused extends Error {
  constructor(
    readonly status: 403 | 404 | 409,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a decision did: whom it concerns (the officer who asked), where, and the earlier decision it replaced. */
export interface Decided {
  /** Null for a decision about an event (a visit without one firm). */
  firmId: string | null;
  firmName: string | null;
  countyCode: string;
  concerns: string | null;
  outcome: string;
  replaced: { by: string; at: string; outcome: string } | null;
}

const refuseUnlessReviewer = (principal: Principal, county: string) => {
  const refusal = mayReviewFirm(principal, county);
  if (refusal) throw new DecisionRefused(403, refusal.reason.replace(/^[^:]*:\s*/, ''), refusal.message);
};

async function displayName(tx: Tx, accountId: string | null): Promise<string> {
  if (!accountId) return '';
  const { rows } = await tx.query<{ display_name: string }>('SELECT display_name FROM accounts WHERE id = $1', [accountId]);
  return rows[0]?.display_name ?? accountId;
}

const setTier = (tx: Tx, firmId: string, field: string, to: string) =>
  tx.query(`UPDATE directory_firms SET data = jsonb_set(data, ARRAY[$2::text], to_jsonb($3::text)), version = nextval('directory_version') WHERE id = $1`, [firmId, field, to]);

/**
 * Accepts or declines an officer's tier request. Decided already (two supervisors, offline):
 * this later decision stands — the tier follows it while the firm still has the tier the
 * earlier one left — and the earlier one is named in the answer.
 */
export async function decideTierIn(tx: Tx, principal: Principal, actor: AuditActor, changeId: string, accept: boolean, note: string | null, via: 'online' | 'outbox'): Promise<Decided> {
  await holdSequence(tx, 'directory');
  const { rows } = await tx.query<{ firm_id: string; firm_name: string | null; field: string; from_value: string; to_value: string; county_code: string; current: string | null; status: string; proposed_by: string; decided_by: string | null; decided_at: Date | string | null }>(
    `SELECT c.firm_id, f.data->>'name' AS firm_name, c.field, c.from_value, c.to_value, f.county_code, f.data->>c.field AS current, c.status, c.proposed_by, c.decided_by, c.decided_at
     FROM firm_tier_changes c JOIN directory_firms f ON f.id = c.firm_id WHERE c.id = $1 FOR UPDATE OF c`,
    [changeId],
  );
  const change = rows[0];
  if (!change) throw new DecisionRefused(404, 'decision.notFound', 'No tier request with this id.');
  refuseUnlessReviewer(principal, change.county_code);
  const current = change.current ?? 'none';
  const before = change.status === 'proposed' ? null : change;
  // What the firm's tier must be for this decision to take effect, and what it becomes.
  const wasApplied = before?.status === 'applied';
  if (accept && !wasApplied && current !== change.from_value) throw new DecisionRefused(409, 'decision.tierChanged', 'The tier changed since the request; ask again.');
  if (!accept && wasApplied && current !== change.to_value) throw new DecisionRefused(409, 'decision.tierChanged', 'The tier changed since the earlier decision; it cannot be taken back.');
  await tx.query(`UPDATE firm_tier_changes SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1`, [changeId, accept ? 'applied' : 'declined', principal.accountId, accept ? null : note]);
  if (accept && !wasApplied) await setTier(tx, change.firm_id, change.field, change.to_value);
  if (!accept && wasApplied) await setTier(tx, change.firm_id, change.field, change.from_value);
  const replaced = before ? { by: await displayName(tx, before.decided_by), at: new Date(before.decided_at ?? 0).toISOString(), outcome: before.status === 'applied' ? 'accepted' : 'declined' } : null;
  await audit(tx, actor, { action: 'tier.decided', object: change.firm_id, counties: [change.county_code], detail: { request: changeId, accepted: accept, field: change.field, to: change.to_value, via, ...(replaced ? { replaced: true } : {}) } });
  return { firmId: change.firm_id, firmName: change.firm_name, countyCode: change.county_code, concerns: change.proposed_by, outcome: accept ? 'accepted' : 'declined', replaced };
}

/** The latest applied decision of a kind on a subject (who and when), for the answer that replaces it. */
async function latestDecision(tx: Tx, kind: string, subject: string): Promise<{ decided_by: string; decided_at: Date | string } | undefined> {
  return (await tx.query<{ decided_by: string; decided_at: Date | string }>(`SELECT decided_by, decided_at FROM decisions WHERE kind = $1 AND subject = $2 AND status = 'applied' ORDER BY version DESC LIMIT 1`, [kind, subject])).rows[0];
}

/**
 * Takes a firm found in the field into the register — or, with `reject`, leaves it out (a
 * duplicate, not of the chain; the officer who proposed it reads why). The firm must still be
 * proposed, unless the earlier decision on it came through this channel: then this later one
 * stands (a rejected firm comes back and is taken in; an accepted one is left out) and the
 * answer names the earlier.
 */
export async function decideFirmIn(tx: Tx, principal: Principal, actor: AuditActor, firmId: string, reject: string | null, via: 'online' | 'outbox'): Promise<Decided> {
  await holdSequence(tx, 'directory');
  const { rows } = await tx.query<{ county_code: string; status: string; deleted: boolean; name: string | null; proposed_by: string | null }>(
    `SELECT county_code, status, deleted, data->>'name' AS name, proposed_by FROM directory_firms WHERE id = $1 FOR UPDATE`,
    [firmId],
  );
  const firm = rows[0];
  if (!firm) throw new DecisionRefused(404, 'decision.notFound', 'No proposed firm with this id.');
  refuseUnlessReviewer(principal, firm.county_code);
  const proposed = firm.status === 'proposed' && !firm.deleted;
  let replaced: Decided['replaced'] = null;
  if (!proposed) {
    // Decided before: only a decision of this channel may be replaced (never a register firm, nor one merged away).
    const earlier = firm.deleted ? await latestDecision(tx, 'firm.reject', firmId) : await latestDecision(tx, 'firm.accept', firmId);
    if (!earlier) throw new DecisionRefused(404, 'decision.notFound', 'The firm is not a proposed one.');
    replaced = { by: earlier.decided_by, at: new Date(earlier.decided_at).toISOString(), outcome: firm.deleted ? 'rejected' : 'accepted' };
  }
  const accept = reject === null;
  if (accept && (proposed || firm.deleted)) await tx.query(`UPDATE directory_firms SET status = 'registered', deleted = false, version = nextval('directory_version') WHERE id = $1`, [firmId]);
  if (!accept && !firm.deleted) await tx.query(`UPDATE directory_firms SET deleted = true, version = nextval('directory_version') WHERE id = $1`, [firmId]);
  await audit(tx, actor, { action: accept ? 'firm.accepted' : 'firm.rejected', object: firmId, counties: [firm.county_code], detail: { via, ...(replaced ? { replaced: true } : {}) } });
  return { firmId, firmName: firm.name, countyCode: firm.county_code, concerns: firm.proposed_by, outcome: accept ? 'accepted' : 'rejected', replaced };
}

/**
 * Settles a conflicting edit: the register's value or the one proposed from the field.
 * Settled already: this later decision stands — the field takes the value it keeps.
 */
export async function settleConflictIn(tx: Tx, principal: Principal, actor: AuditActor, conflictId: string, keep: 'register' | 'proposed', via: 'online' | 'outbox'): Promise<Decided> {
  await holdSequence(tx, 'directory');
  const { rows } = await tx.query<{ firm_id: string; firm_name: string | null; field: string; register_value: unknown; proposed_value: unknown; county_code: string; account_id: string; resolved_at: Date | string | null; resolved_by: string | null; kept: string | null }>(
    `SELECT c.firm_id, f.data->>'name' AS firm_name, c.field, c.register_value, c.proposed_value, f.county_code, c.account_id, c.resolved_at, c.resolved_by, c.kept
     FROM firm_conflicts c JOIN directory_firms f ON f.id = c.firm_id WHERE c.id = $1 FOR UPDATE OF c`,
    [conflictId],
  );
  const conflict = rows[0];
  if (!conflict) throw new DecisionRefused(404, 'decision.notFound', 'No conflict with this id.');
  refuseUnlessReviewer(principal, conflict.county_code);
  const earlierKept = conflict.resolved_at ? (conflict.kept ?? 'register') : 'register'; // an open conflict still shows the register's value
  if (keep !== earlierKept) {
    const value = keep === 'proposed' ? conflict.proposed_value : conflict.register_value;
    const version = (await tx.query<{ v: string }>("SELECT nextval('directory_version')::text AS v")).rows[0]!.v;
    await tx.query(
      `UPDATE directory_firms SET version = $4::bigint, data = jsonb_set(data, ARRAY[$2::text], $3::jsonb), field_versions = jsonb_set(field_versions, ARRAY[$2::text], to_jsonb($4::text)) WHERE id = $1`,
      [conflict.firm_id, conflict.field, JSON.stringify(value ?? null), version],
    );
  }
  await tx.query('UPDATE firm_conflicts SET resolved_at = now(), resolved_by = $2, kept = $3 WHERE id = $1', [conflictId, principal.accountId, keep]);
  const replaced = conflict.resolved_at ? { by: await displayName(tx, conflict.resolved_by), at: new Date(conflict.resolved_at).toISOString(), outcome: `kept-${conflict.kept ?? 'register'}` } : null;
  await audit(tx, actor, { action: 'firm.conflictSettled', object: conflict.firm_id, counties: [conflict.county_code], detail: { conflict: conflictId, field: conflict.field, kept: keep, via, ...(replaced ? { replaced: true } : {}) } });
  return { firmId: conflict.firm_id, firmName: conflict.firm_name, countyCode: conflict.county_code, concerns: conflict.account_id, outcome: `kept-${keep}`, replaced };
}

