import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { SqlClient } from '../store/sql-client';
import { audit, type AuditActor } from './audit-log';
import { SEALED_COLUMNS, sealPending, type SealedRow } from './audit-seal';

/** The Cybersecurity Law keeps network logs at least six months: nothing younger is ever removed (the database enforces it too). */
export const AUDIT_RETENTION_FLOOR_DAYS = 180;

export class AuditArchiveError extends Error {}

/** XUNLIAN_AUDIT_RETENTION_DAYS: the bureau may keep rows longer, never shorter. */
export function retentionDays(value: string | undefined): number {
  if (value === undefined || value === '') return AUDIT_RETENTION_FLOOR_DAYS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < AUDIT_RETENTION_FLOOR_DAYS || n > 36_500)
    throw new AuditArchiveError(`XUNLIAN_AUDIT_RETENTION_DAYS must be a whole number of days from ${AUDIT_RETENTION_FLOOR_DAYS} (the legal minimum) to 36500 (got ${value}).`);
  return n;
}

export interface ArchiveResult {
  rows: number;
  fromNo: string | null;
  toNo: string | null;
  sha256: string | null;
}

/**
 * Writes the oldest part of the chain — rows older than the retention period, as one
 * unbroken run from the start — to `out` (one JSON row per line), then removes them and
 * writes a row naming the range and the file's SHA-256, in one transaction. Only the
 * table's owner can do the removal (the database's trigger checks); the server's own
 * role, where it is not the owner, cannot.
 */
export async function archiveAudit(db: SqlClient, key: Buffer, actor: AuditActor, options: { days: number; out: string }): Promise<ArchiveResult> {
  await sealPending(db, key);
  const cutoff = `${options.days} days`;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7411091)');
    const bound = (await tx.query<{ first_kept: string | null }>(
      `SELECT MIN(chain_no)::text AS first_kept FROM audit_log WHERE chain_no IS NOT NULL AND at >= now() - $1::interval`,
      [cutoff],
    )).rows[0]?.first_kept;
    const rows = (await tx.query<SealedRow>(
      `SELECT ${SEALED_COLUMNS} FROM audit_log WHERE chain_no IS NOT NULL AND at < now() - $1::interval AND ($2::bigint IS NULL OR chain_no < $2::bigint) ORDER BY audit_log.chain_no`,
      [cutoff, bound ?? null],
    )).rows;
    if (rows.length === 0) return { rows: 0, fromNo: null, toNo: null, sha256: null };
    const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    writeFileSync(options.out, text, { flag: 'wx', mode: 0o600 });
    const sha256 = createHash('sha256').update(text).digest('hex');
    const fromNo = rows[0]!.chain_no!;
    const toNo = rows.at(-1)!.chain_no!;
    await tx.query(`SET LOCAL xunlian.audit_archive = 'on'`);
    await tx.query('DELETE FROM audit_log WHERE chain_no >= $1::bigint AND chain_no <= $2::bigint', [fromNo, toNo]);
    await audit(tx, actor, { action: 'audit.archived', object: basename(options.out), detail: { fromNo, toNo, rows: rows.length, fileSha: sha256, lastHash: rows.at(-1)!.hash! } });
    return { rows: rows.length, fromNo, toNo, sha256 };
  });
}
