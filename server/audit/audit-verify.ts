import type { SqlClient } from '../store/sql-client';
import { SEALED_COLUMNS, sealOf, type SealedRow } from './audit-seal';

const GENESIS = '0'.repeat(64);
const PAGE = 5000;

export type ChainVerdict =
  | { ok: true; rows: number; unsealed: number }
  | { ok: false; rows: number; chainNo: string; id: string; problem: 'changed' | 'removed'; message: string };

const describe = (r: SealedRow) => `#${r.chain_no} (id ${r.id}, ${r.action}${r.username ? `, ${r.username}` : ''}, ${new Date(Number(BigInt(r.at_us) / 1000n)).toISOString()})`;

/** Where the chain may start: at 1, or right after the rows an archive took away (its own row names them). */
async function chainStart(db: Pick<SqlClient, 'query'>): Promise<Map<string, string>> {
  const { rows } = await db.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE action = 'audit.archived'`);
  const starts = new Map<string, string>([['1', GENESIS]]);
  for (const r of rows) {
    const d = (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as { toNo?: string; lastHash?: string };
    if (d.toNo && d.lastHash) starts.set((BigInt(d.toNo) + 1n).toString(), d.lastHash);
  }
  return starts;
}

/**
 * Walks the chain in order and names the first row that does not hold: a row whose seal
 * does not match its content (changed, or inserted with a seal of its own making), or a
 * gap — a number missing, or a row that does not link to the one before (removed).
 */
export async function verifyChain(db: SqlClient, key: Buffer): Promise<ChainVerdict> {
  const starts = await chainStart(db);
  let count = 0;
  let previous: SealedRow | null = null;
  for (let after = '0'; ; ) {
    const { rows } = await db.query<SealedRow>(`SELECT ${SEALED_COLUMNS} FROM audit_log WHERE chain_no > $1::bigint ORDER BY audit_log.chain_no LIMIT ${PAGE}`, [after]);
    for (const row of rows) {
      const chainNo = row.chain_no!;
      if (previous === null) {
        const expectedPrev = starts.get(chainNo);
        if (expectedPrev === undefined || expectedPrev !== row.prev_hash)
          return { ok: false, rows: count, chainNo, id: row.id, problem: 'removed', message: `The chain starts at ${describe(row)}, but no archive accounts for the rows before it: rows before it were removed.` };
      } else {
        if (BigInt(chainNo) !== BigInt(previous.chain_no!) + 1n)
          return { ok: false, rows: count, chainNo, id: row.id, problem: 'removed', message: `Rows #${BigInt(previous.chain_no!) + 1n}–#${BigInt(chainNo) - 1n} are missing: removed between ${describe(previous)} and ${describe(row)}.` };
        if (row.prev_hash !== previous.hash)
          return { ok: false, rows: count, chainNo, id: row.id, problem: 'removed', message: `${describe(row)} does not link to ${describe(previous)}: the row before it was removed or replaced.` };
      }
      if (sealOf(key, row, chainNo, row.prev_hash ?? '') !== row.hash)
        return { ok: false, rows: count, chainNo, id: row.id, problem: 'changed', message: `${describe(row)} does not match its seal: it was changed, or inserted.` };
      previous = row;
      count++;
    }
    if (rows.length < PAGE) break;
    after = previous!.chain_no!;
  }
  const unsealed = Number((await db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM audit_log WHERE chain_no IS NULL')).rows[0]?.n ?? 0);
  return { ok: true, rows: count, unsealed };
}
