import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/domain/canonical';
import { checkCreditCode } from '../../shared/domain/credit-code';
import { EDITABLE_FIRM_FIELDS, FirmChange, type EditableFirmField, type FirmChangeResult } from '../../shared/api/firm-sync';
import { issueToKey } from '../../shared/domain/validation-keys';
import { inScope } from '../authorization';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { holdSequence } from '../store/sequence-horizon';
import { isRegisterId } from './register-id';
import { actorOf, audit } from '../audit/audit-log';

type Tx = Pick<SqlClient, 'query' | 'exec'>;
type FirmData = Record<string, unknown> & { id: string; countyCode: string; creditCode: string };
interface Row {
  id: string;
  county_code: string;
  data: FirmData | string;
  field_versions: Record<string, string | number> | string;
  version: string;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
/** Certificates get ids in the register (the laptop's form has none). */
const withIds = (firmId: string, certs: unknown) => (Array.isArray(certs) ? certs.map((c: object, i: number) => ({ id: `${firmId}:c${i + 1}`, ...c })) : certs);
const stripIds = (certs: unknown) => (Array.isArray(certs) ? certs.map(({ id: _id, ...c }: { id?: string }) => c) : certs);
const comparable = (field: EditableFirmField, value: unknown) => (field === 'certifications' ? stripIds(value) : value);

async function lockFirm(tx: Tx, id: string): Promise<Row | null> {
  const { rows } = await tx.query<Row>('SELECT id, county_code, data, field_versions, version::text AS version FROM directory_firms WHERE id = $1 AND NOT deleted FOR UPDATE', [id]);
  return rows[0] ?? null;
}

async function nextVersion(tx: Tx): Promise<string> {
  return (await tx.query<{ v: string }>("SELECT nextval('directory_version')::text AS v")).rows[0]!.v;
}

/**
 * Applies one edit to a register firm, field by field: a field nobody changed since the
 * laptop's base version (or that still holds what the laptop saw) takes the new value;
 * a field changed on both sides to different values becomes a conflict, both values
 * kept for a supervisor. Returns the fields applied and in conflict.
 */
async function applyEdit(tx: Tx, row: Row, change: FirmChange, principal: Principal): Promise<{ applied: EditableFirmField[]; conflicts: EditableFirmField[]; version: string }> {
  const data = parse(row.data);
  const versions = parse(row.field_versions);
  const base = change.baseVersion === null ? null : BigInt(change.baseVersion);
  const applied: EditableFirmField[] = [];
  const conflicts: EditableFirmField[] = [];
  for (const field of EDITABLE_FIRM_FIELDS) {
    if (!(field in change.values)) continue;
    const proposed = change.values[field];
    const current = comparable(field, data[field]);
    if (same(current, proposed)) continue;
    const untouchedSinceBase = base !== null && BigInt(versions[field] ?? 0) <= base;
    if (untouchedSinceBase || (field in change.base && same(current, change.base[field]))) applied.push(field);
    else conflicts.push(field);
  }
  let version = row.version;
  if (applied.length) {
    version = await nextVersion(tx);
    for (const field of applied) {
      data[field] = field === 'certifications' ? withIds(row.id, change.values[field]) : change.values[field];
      versions[field] = version;
    }
    await tx.query('UPDATE directory_firms SET data = $2, field_versions = $3, version = $4 WHERE id = $1', [row.id, JSON.stringify(data), JSON.stringify(versions), version]);
  }
  for (const field of conflicts) {
    await tx.query('INSERT INTO firm_conflicts (firm_id, field, register_value, proposed_value, change_id, account_id) VALUES ($1, $2, $3, $4, $5, $6)', [
      row.id,
      field,
      JSON.stringify(data[field] ?? null),
      JSON.stringify(change.values[field] ?? null),
      change.changeId,
      principal.accountId,
    ]);
  }
  return { applied, conflicts, version };
}

/** One firm change, in its own transaction: exactly once (by changeId), within the officer's scope. */
async function applyChange(db: SqlClient, change: FirmChange, principal: Principal): Promise<FirmChangeResult> {
  return db.transaction(async (tx) => {
    await holdSequence(tx, 'directory');
    const contentHash = createHash('sha256').update(canonicalJson(change)).digest('hex');
    const seen = (await tx.query<{ result: FirmChangeResult | string; content_hash: string | null }>('SELECT result, content_hash FROM firm_changes WHERE change_id = $1', [change.changeId])).rows[0];
    if (seen) {
      const stored = parse(seen.result);
      // A retry carries what it carried the first time; other content under the same id is a bug, never a retry.
      if (seen.content_hash !== null && seen.content_hash !== contentHash) return { changeId: change.changeId, status: 'rejected', firmId: stored.firmId, version: null, reasons: ['changeId: validation.changeIdReused'] };
      return stored;
    }
    // A register firm always wins over an alias of the same id (an alias made before ids in the register's form were refused).
    const direct = await lockFirm(tx, change.firmId);
    const alias = direct ? undefined : (await tx.query<{ firm_id: string }>('SELECT firm_id FROM firm_aliases WHERE alias_id = $1', [change.firmId])).rows[0]?.firm_id;
    const firmId = alias ?? change.firmId;
    const reject = (reason: string): FirmChangeResult => ({ changeId: change.changeId, status: 'rejected', firmId, version: null, reasons: [reason] });
    let result: FirmChangeResult;
    const row = direct ?? (alias ? await lockFirm(tx, alias) : null);
    if (!row && isRegisterId(change.firmId)) return reject('firmId: validation.reservedFirmId');
    if (row) {
      if (!inScope(principal, row.county_code)) return reject('firmId: validation.outOfScope');
      const { applied, conflicts, version } = await applyEdit(tx, row, change, principal);
      result = { changeId: change.changeId, status: conflicts.length && !applied.length ? 'conflict' : 'applied', firmId, version, ...(conflicts.length ? { conflicts } : {}) };
    } else {
      // A firm the register does not know by this id: found in the field.
      const code = (change.creditCode ?? '').trim().toUpperCase();
      if (checkCreditCode(code).kind === 'malformed') return reject('creditCode: validation.creditMalformed');
      if (!change.countyCode || !change.values.name || !change.values.chainSegment) return reject('values: validation.required');
      const holder = (await tx.query<{ id: string }>('SELECT id FROM directory_firms WHERE credit_code = $1 AND NOT deleted', [code])).rows[0];
      if (holder) {
        // Already in the register: merged, never duplicated; the laptop's values that differ wait as conflicts.
        const registered = (await lockFirm(tx, holder.id))!;
        if (!inScope(principal, registered.county_code)) return reject('firmId: validation.outOfScope');
        await tx.query('INSERT INTO firm_aliases (alias_id, firm_id, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [change.firmId, holder.id, principal.accountId]);
        const { conflicts, version } = await applyEdit(tx, registered, { ...change, baseVersion: null, base: {} }, principal);
        result = { changeId: change.changeId, status: 'merged', firmId: holder.id, version, ...(conflicts.length ? { conflicts } : {}) };
        await audit(tx, actorOf(principal, null), { action: 'firm.merged', object: holder.id, counties: [registered.county_code], detail: { alias: change.firmId, conflicts: conflicts.length } });
      } else {
        if (!inScope(principal, change.countyCode)) return reject('countyCode: validation.outOfScope');
        const version = await nextVersion(tx);
        const data = {
          id: firmId,
          creditCode: code,
          countyCode: change.countyCode,
          address: '',
          categories: [],
          contacts: [],
          ...change.values,
          certifications: withIds(firmId, change.values.certifications ?? []),
          keyTier: 'none',
          zjtxLevel: 'none',
        };
        const versions = Object.fromEntries(EDITABLE_FIRM_FIELDS.map((f) => [f, version]));
        await tx.query(
          `INSERT INTO directory_firms (id, county_code, data, credit_code, status, field_versions, proposed_by, version) VALUES ($1, $2, $3, $4, 'proposed', $5, $6, $7)`,
          [firmId, change.countyCode, JSON.stringify(data), code, JSON.stringify(versions), principal.accountId, version],
        );
        result = { changeId: change.changeId, status: 'proposed', firmId, version };
      }
    }
    await tx.query('INSERT INTO firm_changes (change_id, account_id, firm_id, result, content_hash) VALUES ($1, $2, $3, $4, $5)', [change.changeId, principal.accountId, result.firmId, JSON.stringify(result), contentHash]);
    return result;
  });
}

/** Every change on its own: a malformed one is rejected without stopping the rest. */
export async function applyFirmChanges(db: SqlClient, raw: readonly unknown[], principal: Principal): Promise<FirmChangeResult[]> {
  const results: FirmChangeResult[] = [];
  for (const item of raw) {
    const parsed = FirmChange.safeParse(item, { error: issueToKey });
    if (!parsed.success) {
      const id = (typeof item === 'object' && item !== null ? (item as { changeId?: unknown; firmId?: unknown }) : {}) ?? {};
      results.push({ changeId: String(id.changeId ?? '').slice(0, 64), status: 'rejected', firmId: String(id.firmId ?? '').slice(0, 64), version: null, reasons: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '_'}: ${i.message}`) });
      continue;
    }
    results.push(await applyChange(db, parsed.data, principal));
  }
  return results;
}
