import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../../shared/domain/canonical';
import type { SqlClient } from '../store/sql-client';
import { onAuditWritten } from './audit-log';

type Queryable = Pick<SqlClient, 'query'>;

/** Every instance seals under this lock, so the chain has one order whoever seals. */
const SEAL_LOCK_KEY = 7_411_091;
const GENESIS = '0'.repeat(64);
const BATCH = 1000;

/** A row as sealed: every column but the seal itself, in a form that reads back the same on PGlite and PostgreSQL. */
export interface SealedRow {
  id: string;
  at_us: string;
  account_id: string | null;
  username: string | null;
  role: string | null;
  device_id: string | null;
  address: string | null;
  action: string;
  object: string | null;
  counties: unknown;
  outcome: string;
  reason: string | null;
  detail: unknown;
  laptop_event_id: string | null;
  laptop_at_us: string | null;
  chain_no: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** Text forms of the numbers (bigint): order by the table's own columns (audit_log.id), never these aliases. */
export const SEALED_COLUMNS = `id::text AS id, (EXTRACT(EPOCH FROM at) * 1000000)::bigint::text AS at_us, account_id, username, role, device_id, address, action, object, counties,
  outcome, reason, detail, laptop_event_id::text AS laptop_event_id, (EXTRACT(EPOCH FROM laptop_at) * 1000000)::bigint::text AS laptop_at_us, chain_no::text AS chain_no, prev_hash, hash`;

const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

/**
 * The seal key: derived from the receipt-signing key, which lives in a file outside the
 * database — so whoever can write the database cannot forge a seal for a row they insert
 * or edit (a plain hash chain could simply be recomputed).
 */
export function sealKeyOf(receiptPrivateKey: string): Buffer {
  return createHash('sha256').update(`xunlian audit seal\n${receiptPrivateKey}`).digest();
}

/** A row's seal: HMAC over its content, its place in the chain and the seal before it. */
export function sealOf(key: Buffer, row: SealedRow, chainNo: string, prevHash: string): string {
  const content = {
    id: row.id,
    at: row.at_us,
    accountId: row.account_id,
    username: row.username,
    role: row.role,
    deviceId: row.device_id,
    address: row.address,
    action: row.action,
    object: row.object,
    counties: parse(row.counties) ?? null,
    outcome: row.outcome,
    reason: row.reason,
    detail: parse(row.detail) ?? {},
    laptopEventId: row.laptop_event_id,
    laptopAt: row.laptop_at_us,
  };
  return createHmac('sha256', key).update(`${chainNo}\n${prevHash}\n${canonicalJson(content)}`).digest('hex');
}

/** Seals every committed unsealed row, in the order found, onto the end of the chain. Returns how many. */
export async function sealPending(db: SqlClient, key: Buffer): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SEAL_LOCK_KEY]);
      const pending = (await tx.query<SealedRow>(`SELECT ${SEALED_COLUMNS} FROM audit_log WHERE chain_no IS NULL ORDER BY audit_log.id LIMIT ${BATCH}`)).rows;
      if (pending.length === 0) return 0;
      const last = (await tx.query<{ chain_no: string; hash: string }>('SELECT chain_no::text AS chain_no, hash FROM audit_log WHERE chain_no IS NOT NULL ORDER BY audit_log.chain_no DESC LIMIT 1')).rows[0];
      let chainNo = BigInt(last?.chain_no ?? '0');
      let prev = last?.hash ?? (await archivedTail(tx)) ?? GENESIS;
      const ids: string[] = [];
      const numbers: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const row of pending) {
        chainNo += 1n;
        const hash = sealOf(key, row, chainNo.toString(), prev);
        ids.push(row.id);
        numbers.push(chainNo.toString());
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await tx.query(
        `UPDATE audit_log a SET chain_no = u.n, prev_hash = u.p, hash = u.h FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(id, n, p, h) WHERE a.id = u.id`,
        [ids, numbers, prevs, hashes],
      );
      return pending.length;
    });
    sealed += n;
    if (n < BATCH) return sealed;
  }
}

/** Whether an archive removed the whole chain: then the next row links to the last archived seal, named in the archive's own row. */
async function archivedTail(tx: Queryable): Promise<string | null> {
  const { rows } = await tx.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE action = 'audit.archived' ORDER BY id DESC LIMIT 1`);
  const detail = parse(rows[0]?.detail) as { lastHash?: string } | undefined;
  return detail?.lastHash ?? null;
}

/**
 * Seals shortly after rows are written (a nudge from audit()), and now and then for rows an
 * instance that stopped left unsealed. Runs one seal at a time per process.
 */
export class AuditSealer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly stopNudges: () => void;
  private readonly sweep: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly db: SqlClient,
    private readonly key: Buffer,
    private readonly delayMs = 250,
  ) {
    this.stopNudges = onAuditWritten(() => this.schedule());
    this.sweep = setInterval(() => this.schedule(), 60_000);
    this.sweep.unref();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sealNow().catch(() => undefined); // the database may be away: the next nudge or sweep seals
    }, this.delayMs);
    this.timer.unref();
  }

  /** Seals what is pending now (before the log is read, verified or archived). */
  sealNow(): Promise<number> {
    const next = this.running.then(() => sealPending(this.db, this.key));
    this.running = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopNudges();
    clearInterval(this.sweep);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
