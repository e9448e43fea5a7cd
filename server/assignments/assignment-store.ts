import type { AssignmentStep, AssignRequest, AssignableOfficer, FirmOfficer } from '../../shared/api/assignments';
import { inScope } from '../authorization';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { holdSequence } from '../store/sequence-horizon';
import { audit, type AuditActor } from '../audit/audit-log';

type Tx = Pick<SqlClient, 'query' | 'exec'>;

/** An assignment the server will not make, with the i18n key of the reason the app shows. */
export class AssignmentRefused extends Error {
  constructor(
    readonly status: 403 | 404 | 422,
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OfficerAccount {
  id: string;
  username: string;
  name: string;
  role: string;
  counties: string[] | null;
  disabled: boolean;
}

const scopeOf = (raw: string[] | string | null): string[] | null => (typeof raw === 'string' ? (JSON.parse(raw) as string[]) : raw);

/** Accounts by username (disabled ones included: the caller says why they cannot be named). */
export async function accountsByUsername(tx: Pick<SqlClient, 'query'>, usernames: readonly string[]): Promise<Map<string, OfficerAccount>> {
  if (usernames.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; username: string; display_name: string; role: string; county_scope: string[] | string | null; disabled: boolean }>(
    `SELECT id, username, display_name, role, county_scope, disabled FROM accounts WHERE username IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify([...new Set(usernames)])],
  );
  return new Map(rows.map((r) => [r.username, { id: r.id, username: r.username, name: r.display_name, role: r.role, counties: scopeOf(r.county_scope), disabled: r.disabled }]));
}

/** Why `officer` cannot answer for a firm of `county` (an i18n key), or null when they can. */
export function cannotAnswerFor(officer: OfficerAccount | undefined, county: string): string | null {
  if (!officer || officer.disabled) return 'unknownUser';
  if (officer.role !== 'officer') return 'notAnOfficer';
  return officer.counties === null || officer.counties.includes(county) ? null : 'outsideCounty';
}

export const mayAssign = (principal: Pick<Principal, 'role'>): boolean => principal.role === 'supervisor' || principal.role === 'admin';

/** The bureau's day (China Standard Time, no daylight saving) of an instant: the day an assignment begins. */
export const bureauDay = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export interface AssignmentWrite {
  firmId: string;
  countyCode: string;
  fromId: string | null;
  to: OfficerAccount | null;
}

/**
 * Writes checked assignments: each firm's officer (a new directory version, so laptops pull it),
 * one history row each, one audit row for the whole change. Firms whose officer does not change
 * are left alone (no version, no history).
 */
export async function writeAssignments(tx: Tx, writes: readonly AssignmentWrite[], meta: { by: string; reason: string; via: 'online' | 'import'; day: string; actor: AuditActor; handoverFrom?: string }): Promise<{ changed: number; unchanged: number }> {
  const changed = writes.filter((w) => w.fromId !== (w.to?.id ?? null));
  if (changed.length > 0) {
    await holdSequence(tx, 'directory');
    const rows = JSON.stringify(changed.map((w) => ({ firm: w.firmId, from: w.fromId, to: w.to?.id ?? null })));
    await tx.query(
      `UPDATE directory_firms f SET officer_id = w.to_id, officer_since = CASE WHEN w.to_id IS NULL THEN NULL ELSE $2::date END, version = nextval('directory_version')
       FROM (SELECT x->>'firm' AS firm_id, x->>'to' AS to_id FROM jsonb_array_elements($1::jsonb) x) w WHERE f.id = w.firm_id`,
      [rows, meta.day],
    );
    await tx.query(
      `INSERT INTO firm_assignments (firm_id, from_officer, to_officer, assigned_by, reason, via)
       SELECT x->>'firm', x->>'from', x->>'to', $2, $3, $4 FROM jsonb_array_elements($1::jsonb) x`,
      [rows, meta.by, meta.reason, meta.via],
    );
    const counties = [...new Set(changed.map((w) => w.countyCode))].sort();
    const targets = [...new Set(changed.map((w) => w.to?.username ?? ''))];
    await audit(tx, meta.actor, {
      action: 'firm.assigned',
      object: targets.length === 1 ? targets[0] || null : null,
      counties,
      detail: { firms: changed.length, via: meta.via, ...(meta.handoverFrom ? { handoverFrom: meta.handoverFrom } : {}), ...(changed.length === 1 ? { firm: changed[0]!.firmId } : {}) },
    });
  }
  return { changed: changed.length, unchanged: writes.length - changed.length };
}

/**
 * Assigns firms — named ones, or every firm one officer answers for in the caller's counties —
 * to an officer (or to nobody). Every firm is checked before anything is written: one firm
 * outside the caller's counties, or outside the new officer's, refuses the whole request.
 */
export async function assignFirms(db: SqlClient, principal: Principal, request: AssignRequest, actor: AuditActor, now: Date): Promise<{ changed: number; unchanged: number }> {
  if (!mayAssign(principal)) throw new AssignmentRefused(403, 'assignments.refused.notAssigner', 'Supervisors and administrators assign firms.');
  return db.transaction(async (tx) => {
    const named = await accountsByUsername(tx, [...(request.to ? [request.to] : []), ...('fromOfficer' in request ? [request.fromOfficer] : [])]);
    const to = request.to === null ? null : (named.get(request.to) ?? null);
    if (request.to !== null && (!to || to.disabled)) throw new AssignmentRefused(422, 'assignments.refused.unknownUser', `No active account "${request.to}".`);
    if (to && to.role !== 'officer') throw new AssignmentRefused(422, 'assignments.refused.notAnOfficer', `"${to.username}" is not a service officer.`);
    let firms: { id: string; county_code: string; officer_id: string | null }[];
    let handoverFrom: string | undefined;
    if ('firmIds' in request) {
      ({ rows: firms } = await tx.query<{ id: string; county_code: string; officer_id: string | null }>(
        `SELECT id, county_code, officer_id FROM directory_firms WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND NOT deleted ORDER BY id FOR UPDATE`,
        [JSON.stringify([...new Set(request.firmIds)])],
      ));
      if (firms.length < new Set(request.firmIds).size) throw new AssignmentRefused(404, 'assignments.refused.notFound', 'A firm named is not in the register.');
      const outside = firms.find((f) => !inScope(principal, f.county_code));
      if (outside) throw new AssignmentRefused(403, 'validation.outOfScope', `Firm ${outside.id} is outside the counties of this account.`);
    } else {
      const from = named.get(request.fromOfficer);
      if (!from) throw new AssignmentRefused(404, 'assignments.refused.unknownUser', `No account "${request.fromOfficer}".`);
      handoverFrom = from.username;
      ({ rows: firms } = await tx.query<{ id: string; county_code: string; officer_id: string | null }>(
        `SELECT id, county_code, officer_id FROM directory_firms WHERE officer_id = $1 AND NOT deleted AND ($2::jsonb IS NULL OR $2::jsonb ? county_code) ORDER BY id FOR UPDATE`,
        [from.id, principal.countyScope === null ? null : JSON.stringify(principal.countyScope)],
      ));
    }
    if (to) {
      const beyond = firms.find((f) => cannotAnswerFor(to, f.county_code));
      if (beyond) throw new AssignmentRefused(422, 'assignments.refused.outsideCounty', `"${to.username}" does not serve the county of firm ${beyond.id}.`);
    }
    const writes = firms.map((f) => ({ firmId: f.id, countyCode: f.county_code, fromId: f.officer_id, to }));
    return writeAssignments(tx, writes, { by: principal.accountId, reason: request.reason, via: 'online', day: bureauDay(now), actor, handoverFrom });
  });
}

/** A firm's officer now and every change of it, newest first (for anyone whose counties hold the firm). */
export async function assignmentHistory(db: SqlClient, principal: Principal, firmId: string): Promise<{ officer: FirmOfficer | null; history: AssignmentStep[] }> {
  const { rows } = await db.query<{ county_code: string; username: string | null; display_name: string | null; since: string | null }>(
    `SELECT f.county_code, a.username, a.display_name, f.officer_since::text AS since FROM directory_firms f LEFT JOIN accounts a ON a.id = f.officer_id WHERE f.id = $1 AND NOT f.deleted`,
    [firmId],
  );
  const firm = rows[0];
  if (!firm) throw new AssignmentRefused(404, 'assignments.refused.notFound', 'No such firm in the register.');
  if (!inScope(principal, firm.county_code)) throw new AssignmentRefused(403, 'validation.outOfScope', 'The firm is outside the counties of this account.');
  const steps = await db.query<{ from_u: string | null; from_n: string | null; to_u: string | null; to_n: string | null; by_n: string; at: Date | string; reason: string; via: 'online' | 'import' }>(
    `SELECT fa.username AS from_u, fa.display_name AS from_n, ta.username AS to_u, ta.display_name AS to_n, COALESCE(ba.display_name, h.assigned_by) AS by_n, h.assigned_at AS at, h.reason, h.via
     FROM firm_assignments h LEFT JOIN accounts fa ON fa.id = h.from_officer LEFT JOIN accounts ta ON ta.id = h.to_officer LEFT JOIN accounts ba ON ba.id = h.assigned_by
     WHERE h.firm_id = $1 ORDER BY h.id DESC LIMIT 200`,
    [firmId],
  );
  return {
    officer: firm.username ? { username: firm.username, name: firm.display_name ?? firm.username, since: firm.since ?? '' } : null,
    history: steps.rows.map((s) => ({ from: s.from_u, fromName: s.from_n, to: s.to_u, toName: s.to_n, by: s.by_n, at: new Date(s.at).toISOString(), reason: s.reason, via: s.via })),
  };
}

/** The officers an assigner may name or hand over from: active officers whose counties meet the caller's, with their firm counts there. */
export async function assignableOfficers(db: SqlClient, principal: Principal): Promise<AssignableOfficer[]> {
  if (!mayAssign(principal)) throw new AssignmentRefused(403, 'assignments.refused.notAssigner', 'Supervisors and administrators assign firms.');
  const scope = principal.countyScope === null ? null : JSON.stringify(principal.countyScope);
  const { rows } = await db.query<{ username: string; display_name: string; county_scope: string[] | string | null; firms: string | number }>(
    `SELECT a.username, a.display_name, a.county_scope,
       (SELECT count(*) FROM directory_firms f WHERE f.officer_id = a.id AND NOT f.deleted AND ($1::jsonb IS NULL OR $1::jsonb ? f.county_code)) AS firms
     FROM accounts a WHERE a.role = 'officer' AND NOT a.disabled
       AND ($1::jsonb IS NULL OR a.county_scope IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.county_scope) c WHERE $1::jsonb ? c))
     ORDER BY a.username`,
    [scope],
  );
  return rows.map((r) => ({ username: r.username, name: r.display_name, counties: scopeOf(r.county_scope), firms: Number(r.firms) }));
}
