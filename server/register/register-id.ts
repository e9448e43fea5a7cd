import { randomBytes } from 'node:crypto';
import type { SqlClient } from '../store/sql-client';

/**
 * Register ids are the bureau's: `reg-<credit code>`, predictable from public codes. A
 * laptop may name one to visit or edit a register firm, never to create a firm or an
 * alias under it; and an import never takes over by id a row that holds another firm.
 */
export const registerId = (creditCode: string) => `reg-${creditCode}`;
export const isRegisterId = (id: string) => id.startsWith('reg-');

/** The id each new code gets: its register id, or — where a row holding another firm already has it — a fresh one beside it. */
export async function freeRegisterIds(db: Pick<SqlClient, 'query'>, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM directory_firms WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`, [JSON.stringify(codes.map(registerId))]);
  const taken = new Set(rows.map((r) => r.id));
  return new Map(codes.map((code) => [code, taken.has(registerId(code)) ? `${registerId(code)}-${randomBytes(4).toString('hex')}` : registerId(code)]));
}
