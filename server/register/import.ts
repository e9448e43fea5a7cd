import type { RegisterReport } from '../../shared/api/register';
import { changedFields, fieldsOfColumns, parseRegisterRow, type RegisterRecord } from '../../shared/register/row';
import type { SqlClient } from '../store/sql-client';
import { readRegisterFile, RegisterFileError } from './read-file';
import { holdSequence } from '../store/sequence-horizon';
import { freeRegisterIds, registerId } from './register-id';
import { audit, operatorActor, type AuditActor } from '../audit/audit-log';


/**
 * Imports the bureau's list into the register. A dry run reads the file and reports,
 * row by row, what would happen (refused, flagged, new, changed, unchanged) and writes
 * nothing. Applying does the same reading and, only when no row has an error, writes
 * every new and changed firm in one transaction, keyed by credit code — so importing
 * the same file again changes nothing.
 */
export async function importRegister(db: SqlClient, bytes: Buffer, apply: boolean, actor = '名录导入（管理命令行）', who: AuditActor = operatorActor()): Promise<RegisterReport> {
  const sheet = await readRegisterFile(bytes);
  const fields = fieldsOfColumns(sheet.columns);
  const parsed = sheet.rows.map((r) => ({ row: r.row, ...parseRegisterRow(r.cells), cells: r.cells }));
  // The same code twice in one file: both rows are refused, each naming the other.
  const byCode = new Map<string, number[]>();
  for (const p of parsed) if (p.record) byCode.set(p.record.creditCode, [...(byCode.get(p.record.creditCode) ?? []), p.row]);
  for (const p of parsed) {
    const rows = p.record ? byCode.get(p.record.creditCode)! : [];
    if (rows.length > 1) {
      p.errors.push({ code: 'register.problem.duplicateInFile', value: rows.filter((r) => r !== p.row).join('、') });
      p.record = null;
    }
  }
  const codes = parsed.flatMap((p) => (p.record ? [p.record.creditCode] : []));
  const { rows: existingRows } = await db.query<{ id: string; credit_code: string; data: RegisterRecord | string }>(
    `SELECT id, credit_code, data FROM directory_firms WHERE credit_code IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(codes)],
  );
  const existing = new Map(existingRows.map((r) => [r.credit_code, { id: r.id, data: typeof r.data === 'string' ? (JSON.parse(r.data) as RegisterRecord) : r.data }]));

  const report: RegisterReport['rows'] = parsed.map((p) => {
    const base = { row: p.row, creditCode: p.record?.creditCode ?? (p.cells.creditCode ?? '').slice(0, 40), name: p.record?.name ?? (p.cells.name ?? '').slice(0, 100), errors: p.errors, warnings: p.warnings };
    if (!p.record) return { ...base, status: 'error' as const, changes: [] };
    const before = existing.get(p.record.creditCode);
    if (!before) return { ...base, status: 'new' as const, changes: [] };
    const changes = changedFields(before.data, p.record, fields);
    return { ...base, status: changes.length ? ('changed' as const) : ('unchanged' as const), changes };
  });
  const count = (s: RegisterReport['rows'][number]['status']) => report.filter((r) => r.status === s).length;
  const counts = { rows: report.length, new: count('new'), changed: count('changed'), unchanged: count('unchanged'), errors: count('error'), warnings: report.filter((r) => r.warnings.length).length };
  if (!apply) return { applied: false, counts, ignoredHeaders: sheet.ignoredHeaders, rows: report };
  if (counts.errors > 0) throw new RegisterFileError('register.file.hasErrors', `${counts.errors} row(s) have errors: fix them and import again. Nothing was written.`);

  const newCodes = parsed.flatMap((p, i) => (p.record && report[i]!.status === 'new' ? [p.record.creditCode] : []));
  const newIds = await freeRegisterIds(db, newCodes);
  const writes = parsed.flatMap((p, i) => {
    const status = report[i]!.status;
    if (!p.record || (status !== 'new' && status !== 'changed')) return [];
    const id = existing.get(p.record.creditCode)?.id ?? newIds.get(p.record.creditCode) ?? registerId(p.record.creditCode);
    const known = existing.get(p.record.creditCode)?.data;
    const before = known ?? {};
    // Keep whatever else the register knows of the firm; the file's fields win — only those its columns speak for.
    const record = p.record;
    const fromFile = known ? Object.fromEntries(fields.map((f) => [f, record[f]])) : record;
    return [{ id, county_code: p.record.countyCode, credit_code: p.record.creditCode, data: { ...before, ...fromFile, creditCode: record.creditCode, countyCode: record.countyCode, id } as RegisterRecord & { id: string }, before }];
  });
  // The key-firm list keeps its history: every tier or 专精特新 level the list sets or changes is recorded.
  const tierChanges = writes.flatMap((w) =>
    (['keyTier', 'zjtxLevel'] as const).flatMap((field) => {
      const from = (w.before as Partial<RegisterRecord>)[field] ?? 'none';
      const to = w.data[field];
      return from === to ? [] : [{ firm_id: w.id, field, from_value: from, to_value: to }];
    }),
  );
  const record = (tx: Pick<SqlClient, 'query'>) =>
    audit(tx, who, { action: 'register.imported', counties: [...new Set(writes.map((w) => w.county_code))], detail: { rows: counts.rows, added: counts.new, changed: counts.changed, unchanged: counts.unchanged, tierChanges: tierChanges.length } });
  if (writes.length === 0) await record(db);
  if (writes.length) {
    await db.transaction(async (tx) => {
      await holdSequence(tx, 'directory');
      await record(tx);
      await tx.query(
        `INSERT INTO directory_firms (id, county_code, data, deleted, credit_code)
         SELECT id, county_code, data, false, credit_code FROM jsonb_to_recordset($1::jsonb) AS x(id text, county_code text, data jsonb, credit_code text)
         ON CONFLICT (id) DO UPDATE SET county_code = excluded.county_code, data = excluded.data, deleted = false, credit_code = excluded.credit_code, version = nextval('directory_version')`,
        [JSON.stringify(writes.map(({ before: _b, ...w }) => w))],
      );
      if (tierChanges.length) {
        await tx.query(
          `INSERT INTO firm_tier_changes (firm_id, field, from_value, to_value, reason, status, proposed_by, decided_by, decided_at)
           SELECT firm_id, field, from_value, to_value, '名录导入', 'applied', $2, $2, now() FROM jsonb_to_recordset($1::jsonb) AS x(firm_id text, field text, from_value text, to_value text)`,
          [JSON.stringify(tierChanges), actor],
        );
      }
    });
  }
  return { applied: true, counts, ignoredHeaders: sheet.ignoredHeaders, rows: report };
}
