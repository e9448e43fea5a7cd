import type { TierChange, TierChangeRequest } from '../../shared/api/key-firms';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { actorOf, audit } from '../audit/audit-log';
import { holdSequence } from '../store/sequence-horizon';
import { DecisionRefused, decideTierIn } from '../decisions/decide';

interface ChangeRow {
  id: string;
  firm_id: string;
  firm_name: string | null;
  field: 'keyTier' | 'zjtxLevel';
  from_value: string;
  to_value: string;
  reason: string;
  status: 'proposed' | 'applied' | 'declined';
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

const SELECT = `SELECT c.id::text AS id, c.firm_id, f.data->>'name' AS firm_name, c.field, c.from_value, c.to_value, c.reason, c.status,
  COALESCE(pa.display_name, c.proposed_by) AS proposed_by, c.proposed_at::text AS proposed_at, COALESCE(da.display_name, c.decided_by) AS decided_by, c.decided_at::text AS decided_at, c.decision_note
  FROM firm_tier_changes c LEFT JOIN directory_firms f ON f.id = c.firm_id
  LEFT JOIN accounts pa ON pa.id = c.proposed_by LEFT JOIN accounts da ON da.id = c.decided_by`;

export const toTierChange = (r: ChangeRow): TierChange => ({
  id: r.id,
  firmId: r.firm_id,
  firmName: r.firm_name ?? r.firm_id,
  field: r.field,
  from: r.from_value,
  to: r.to_value,
  reason: r.reason,
  status: r.status,
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
});

export class KeyFirmError extends Error {
  constructor(
    readonly status: 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

type Tx = Pick<SqlClient, 'query' | 'exec'>;

/** Writes the firm's new tier into the register (a new version: laptops pull it) and records who decided. */
async function apply(tx: Tx, firmId: string, field: 'keyTier' | 'zjtxLevel', to: string): Promise<void> {
  await tx.query(`UPDATE directory_firms SET data = jsonb_set(data, ARRAY[$2::text], to_jsonb($3::text)), version = nextval('directory_version') WHERE id = $1`, [firmId, field, to]);
}

/**
 * A change of a firm's key-firm tier or 专精特新 level. Supervisors and admins (for
 * firms of their counties) decide at once; an officer's request is recorded as
 * proposed and waits for them. Every change keeps from, to, reason, who and when.
 */
export async function changeTier(db: SqlClient, principal: Principal, firmId: string, request: TierChangeRequest, mayDecide: (county: string) => boolean): Promise<TierChange> {
  const { id } = await db.transaction((tx) => changeTierIn(tx, principal, firmId, request, mayDecide, 'online'));
  return (await tierChanges(db, { id }))[0]!;
}

/** The same inside a transaction (the officers' outbox applies it too): the request's id, firm and county. */
export async function changeTierIn(tx: Tx, principal: Principal, firmId: string, request: TierChangeRequest, mayDecide: (county: string) => boolean, via: 'online' | 'outbox'): Promise<{ id: string; decided: boolean; countyCode: string; firmName: string | null }> {
  await holdSequence(tx, 'directory');
  const { rows } = await tx.query<{ county_code: string; current: string | null; name: string | null }>(`SELECT county_code, data->>$2 AS current, data->>'name' AS name FROM directory_firms WHERE id = $1 AND NOT deleted FOR UPDATE`, [firmId, request.field]);
  const firm = rows[0];
  if (!firm) throw new KeyFirmError(404, 'No such firm in the register.');
  const inScope = principal.countyScope === null || principal.countyScope.includes(firm.county_code);
  if (!inScope) throw new KeyFirmError(403, 'The firm is outside the counties of this account.');
  const from = firm.current ?? 'none';
  if (from === request.to) throw new KeyFirmError(409, 'The firm already has this tier.');
  const decides = mayDecide(firm.county_code);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO firm_tier_changes (firm_id, field, from_value, to_value, reason, status, proposed_by, decided_by, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text AS id`,
    [firmId, request.field, from, request.to, request.reason, decides ? 'applied' : 'proposed', principal.accountId, decides ? principal.accountId : null, decides ? new Date().toISOString() : null],
  );
  if (decides) await apply(tx, firmId, request.field, request.to);
  await audit(tx, actorOf(principal, null), { action: decides ? 'tier.changed' : 'tier.requested', object: firmId, counties: [firm.county_code], detail: { field: request.field, from, to: request.to, request: inserted.rows[0]!.id, ...(via === 'outbox' ? { via } : {}) } });
  return { id: inserted.rows[0]!.id, decided: decides, countyCode: firm.county_code, firmName: firm.name };
}

/** Accepts or declines an officer's request online (decide.ts: the rule the supervisors' outbox applies too). */
export async function decideTier(db: SqlClient, principal: Principal, changeId: string, accept: boolean, note: string | null = null): Promise<TierChange> {
  try {
    await db.transaction((tx) => decideTierIn(tx, principal, actorOf(principal, null), changeId, accept, note, 'online'));
  } catch (error) {
    if (error instanceof DecisionRefused) throw new KeyFirmError(error.status, error.message);
    throw error;
  }
  return (await tierChanges(db, { id: changeId }))[0]!;
}

/** Changes by id, by firm (its history, newest first), or still waiting within a scope. */
export async function tierChanges(db: SqlClient, where: { id?: string; firmId?: string; openIn?: string[] | null }): Promise<TierChange[]> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (where.id) clauses.push(`c.id = $${params.push(where.id)}::bigint`);
  if (where.firmId) clauses.push(`c.firm_id = $${params.push(where.firmId)}`);
  if (where.openIn !== undefined) clauses.push(`c.status = 'proposed' AND ($${params.push(where.openIn === null ? null : JSON.stringify(where.openIn))}::jsonb IS NULL OR $${params.length}::jsonb ? f.county_code)`);
  const { rows } = await db.query<ChangeRow>(`${SELECT} WHERE ${clauses.join(' AND ') || 'true'} ORDER BY c.id DESC LIMIT 500`, params);
  return rows.map(toTierChange);
}

export interface KeyFirmList {
  asOf: string;
  firms: { id: string; name: string; creditCode: string; countyCode: string; tier: string }[];
  changes: { firmId: string; firmName: string; from: string; to: string; reason: string; decidedAt: string; kind: 'entered' | 'left' | 'moved' }[];
}

/**
 * The key-firm list as it stood at the end of `asOf`, and its changes between `from`
 * and `to` (firms entering, leaving, moving between tiers), within a scope. A firm's
 * tier on a day is the one its last change before then set, or — with no change
 * before — what its first later change started from, or else what it has now.
 */
export async function keyFirmList(db: SqlClient, scope: string[] | null, asOf: string, from: string, to: string): Promise<KeyFirmList> {
  const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00+08:00`) + 86_400_000).toISOString();
  const scoped = scope === null ? null : JSON.stringify(scope);
  const { rows: firms } = await db.query<KeyFirmList['firms'][number]>(
    `WITH f AS (
       SELECT id, county_code, data->>'name' AS name, COALESCE(data->>'creditCode', '') AS credit_code, COALESCE(data->>'keyTier', 'none') AS current
       FROM directory_firms WHERE NOT deleted AND status = 'registered' AND ($1::jsonb IS NULL OR $1::jsonb ? county_code)
     ), before AS (
       SELECT DISTINCT ON (firm_id) firm_id, to_value FROM firm_tier_changes
       WHERE field = 'keyTier' AND status = 'applied' AND decided_at < $2::timestamptz ORDER BY firm_id, decided_at DESC, id DESC
     ), later AS (
       SELECT DISTINCT ON (firm_id) firm_id, from_value FROM firm_tier_changes
       WHERE field = 'keyTier' AND status = 'applied' AND decided_at >= $2::timestamptz ORDER BY firm_id, decided_at, id
     )
     SELECT f.id, f.name, f.credit_code AS "creditCode", f.county_code AS "countyCode", COALESCE(b.to_value, l.from_value, f.current) AS tier
     FROM f LEFT JOIN before b ON b.firm_id = f.id LEFT JOIN later l ON l.firm_id = f.id
     WHERE COALESCE(b.to_value, l.from_value, f.current) <> 'none'
     ORDER BY f.county_code, tier DESC, f.name`,
    [scoped, dayAfter(asOf)],
  );
  const { rows: changes } = await db.query<{ firm_id: string; firm_name: string | null; from_value: string; to_value: string; reason: string; decided_at: string }>(
    `SELECT c.firm_id, f.data->>'name' AS firm_name, c.from_value, c.to_value, c.reason, c.decided_at::text AS decided_at
     FROM firm_tier_changes c JOIN directory_firms f ON f.id = c.firm_id
     WHERE c.field = 'keyTier' AND c.status = 'applied' AND c.decided_at >= $2::timestamptz AND c.decided_at < $3::timestamptz
       AND ($1::jsonb IS NULL OR $1::jsonb ? f.county_code)
     ORDER BY c.decided_at, c.id`,
    [scoped, new Date(Date.parse(`${from}T00:00:00+08:00`)).toISOString(), dayAfter(to)],
  );
  return {
    asOf,
    firms,
    changes: changes.map((c) => ({
      firmId: c.firm_id,
      firmName: c.firm_name ?? c.firm_id,
      from: c.from_value,
      to: c.to_value,
      reason: c.reason,
      decidedAt: c.decided_at,
      kind: c.from_value === 'none' ? 'entered' : c.to_value === 'none' ? 'left' : 'moved',
    })),
  };
}
