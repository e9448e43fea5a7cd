import type { AssignmentImportReport } from '../../shared/api/assignments';
import { inScope } from '../authorization';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import type { AuditActor } from '../audit/audit-log';
import { readGrid, RegisterFileError } from '../register/read-file';
import { accountsByUsername, bureauDay, cannotAnswerFor, writeAssignments, type AssignmentWrite } from './assignment-store';

export class AssignmentFileError extends Error {}

/** The headers an assignment list may use for each column (as bureaus write them, and in English). */
const HEADERS = {
  creditCode: ['统一社会信用代码', '信用代码', '社会信用代码', 'creditcode', 'credit code'],
  username: ['包联人账号', '服务专员账号', '包联账号', '账号', '用户名', 'username', 'officer'],
} as const;
const normal = (h: string) => h.replace(/\s+/g, '').toLowerCase();
const columnOf = (header: string[], names: readonly string[]) => header.findIndex((h) => names.some((n) => normal(n) === normal(h)));

interface Line {
  row: number;
  code: string;
  username: string;
}

/**
 * An assignment list (统一社会信用代码 → 包联人账号), XLSX or CSV. The dry run reports every
 * row's problem — a code not in the register, an unknown account, an account that is not an
 * officer, an officer whose counties do not hold the firm's, a firm listed twice — and the
 * import is applied whole or not at all: with one bad row, nothing is written.
 */
export async function importAssignments(db: SqlClient, principal: Principal, bytes: Buffer, options: { apply: boolean; source: string; actor: AuditActor; now: Date }): Promise<AssignmentImportReport> {
  let grid: string[][];
  try {
    grid = await readGrid(bytes);
  } catch (error) {
    if (error instanceof RegisterFileError) throw new AssignmentFileError(error.message);
    throw error;
  }
  const headerAt = grid.findIndex((r) => r.some((c) => c.trim() !== ''));
  const header = headerAt < 0 ? [] : grid[headerAt]!.map((c) => c.trim());
  const codeAt = columnOf(header, HEADERS.creditCode);
  const userAt = columnOf(header, HEADERS.username);
  const report = (errors: AssignmentImportReport['errors'], counts = { rows: 0, changed: 0, unchanged: 0 }, applied = false): AssignmentImportReport => ({ applied, source: options.source, counts, errors });
  if (codeAt < 0 || userAt < 0) return report([{ row: headerAt + 1, key: 'noHeader', value: header.join(' | ').slice(0, 200) }]);

  const lines: Line[] = [];
  grid.forEach((cells, i) => {
    if (i <= headerAt || cells.every((c) => (c ?? '').trim() === '')) return;
    lines.push({ row: i + 1, code: (cells[codeAt] ?? '').trim().toUpperCase(), username: (cells[userAt] ?? '').trim() });
  });

  return db.transaction(async (tx) => {
    const { rows: firms } = await tx.query<{ id: string; credit_code: string; county_code: string; officer_id: string | null }>(
      `SELECT id, credit_code, county_code, officer_id FROM directory_firms WHERE credit_code IN (SELECT jsonb_array_elements_text($1::jsonb)) AND NOT deleted ORDER BY id FOR UPDATE`,
      [JSON.stringify([...new Set(lines.map((l) => l.code).filter(Boolean))])],
    );
    const byCode = new Map(firms.map((f) => [f.credit_code, f]));
    const officers = await accountsByUsername(tx, lines.map((l) => l.username).filter(Boolean));
    const errors: AssignmentImportReport['errors'] = [];
    const writes: AssignmentWrite[] = [];
    const seen = new Set<string>();
    for (const line of lines) {
      const problem = (key: string, value: string) => errors.push({ row: line.row, key, value });
      if (!line.code || !line.username) {
        problem('missing', line.code || line.username);
        continue;
      }
      const firm = byCode.get(line.code);
      if (!firm) {
        problem('unknownCode', line.code);
        continue;
      }
      if (seen.has(firm.id)) {
        problem('duplicate', line.code);
        continue;
      }
      seen.add(firm.id);
      if (!inScope(principal, firm.county_code)) {
        problem('outsideScope', line.code);
        continue;
      }
      const officer = officers.get(line.username);
      const refusal = cannotAnswerFor(officer, firm.county_code);
      if (refusal) {
        problem(refusal, line.username);
        continue;
      }
      writes.push({ firmId: firm.id, countyCode: firm.county_code, fromId: firm.officer_id, to: officer! });
    }
    const changed = writes.filter((w) => w.fromId !== w.to?.id).length;
    const counts = { rows: lines.length, changed, unchanged: writes.length - changed };
    if (errors.length > 0 || !options.apply) return report(errors.slice(0, 500), counts);
    await writeAssignments(tx, writes, { by: principal.accountId, reason: options.source ? `名单导入：${options.source}` : '名单导入', via: 'import', day: bureauDay(options.now), actor: options.actor });
    return report([], counts, true);
  });
}
