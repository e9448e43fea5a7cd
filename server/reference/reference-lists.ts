import { aliasesOf, bankKey, bankMatcher } from '../../shared/domain/banks';
import type { DirectoryReference } from '../../shared/api/sync-protocol';
import type { ReferenceImportReport, ReferenceListItem, MaintainedKind } from '../../shared/api/reference-lists';
import { audit, type AuditActor } from '../audit/audit-log';
import { decodeCsv, parseCsv } from '../register/read-file';
import type { DirectoryStore } from '../store/directory-store';
import type { SqlClient } from '../store/sql-client';

export class ReferenceFileError extends Error {}

const MAX_ITEMS = 2000;
const HEADERS = { code: ['编码', 'code'], name: ['名称', 'name'], group: ['分组', 'group'], aliases: ['别名', 'aliases'] } as const;
const splitAliases = (cell: string) => cell.split(/[、;；|]/).map((a) => a.trim()).filter(Boolean);

interface Parsed {
  items: ReferenceListItem[];
  errors: { row: number; key: string; value: string }[];
}

/**
 * A reference list as the bureau keeps it in Excel: a CSV (UTF-8 or GB18030) with the columns
 * 编码, 名称, 分组 and, for banks, 别名 (short names separated by 、). Every row is checked: a code
 * and a name, each once; a bank's short name may belong to one bank only.
 */
export function readReferenceFile(bytes: Buffer, kind: MaintainedKind): Parsed {
  const rows = parseCsv(decodeCsv(bytes)).filter((r) => r.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new ReferenceFileError('The file is empty.');
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  const col = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const at = { code: col(HEADERS.code), name: col(HEADERS.name), group: col(HEADERS.group), aliases: col(HEADERS.aliases) };
  if (at.code < 0 || at.name < 0) throw new ReferenceFileError('The first row must name the columns: 编码, 名称 (and 分组, 别名).');
  if (rows.length - 1 > MAX_ITEMS) throw new ReferenceFileError(`At most ${MAX_ITEMS} entries.`);
  const items: ReferenceListItem[] = [];
  const errors: Parsed['errors'] = [];
  const seenCode = new Map<string, number>();
  const seenKey = new Map<string, { row: number; name: string }>();
  rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (index: number) => (index >= 0 ? (cells[index] ?? '').trim() : '');
    const code = cell(at.code);
    const name = cell(at.name);
    const aliases = kind === 'bank' ? splitAliases(cell(at.aliases)) : [];
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(code)) errors.push({ row, key: 'badCode', value: code });
    if (name.length < 2 || name.length > 60) errors.push({ row, key: 'badName', value: name });
    if (seenCode.has(code)) errors.push({ row, key: 'duplicateCode', value: `${code}（${seenCode.get(code)}）` });
    seenCode.set(code, row);
    for (const n of [name, ...aliases]) {
      const key = bankKey(n);
      const other = seenKey.get(key);
      if (other && other.row !== row) errors.push({ row, key: 'nameTaken', value: `${n} → ${other.name}（${other.row}）` });
      else seenKey.set(key, { row, name });
    }
    items.push({ code, name, group: cell(at.group), aliases, active: true });
  });
  return { items, errors };
}

const itemOf = (r: DirectoryReference): ReferenceListItem => ({ code: r.code, name: r.name, group: r.group, aliases: aliasesOf(r.detail), active: r.active });
const same = (a: ReferenceListItem, b: ReferenceListItem) => a.name === b.name && a.group === b.group && a.active === b.active && a.aliases.join('、') === b.aliases.join('、');

export async function referenceList(directory: DirectoryStore, kind: MaintainedKind): Promise<ReferenceListItem[]> {
  return (await directory.referenceOf(kind)).map(itemOf);
}

/**
 * Compares a file with the list as it stands — added, changed, withdrawn (on the list, not in
 * the file), unchanged — and, with `apply` and no error, writes it in one transaction with an
 * audit row naming the source. Withdrawn entries stay (inactive), so records naming them read
 * the same; laptops get the new list with their next directory pull.
 */
export async function importReferenceList(directory: DirectoryStore, kind: MaintainedKind, bytes: Buffer, options: { apply: boolean; source: string; actor: AuditActor }): Promise<ReferenceImportReport> {
  const { items, errors } = readReferenceFile(bytes, kind);
  const current = new Map((await directory.referenceOf(kind)).map((r) => [r.code, itemOf(r)]));
  const inFile = new Set(items.map((i) => i.code));
  const added = items.filter((i) => !current.has(i.code)).map((i) => i.code);
  const changed = items.filter((i) => current.has(i.code) && !same(current.get(i.code)!, i)).map((i) => i.code);
  const withdrawn = [...current.values()].filter((c) => c.active && !inFile.has(c.code)).map((c) => c.code);
  const report: ReferenceImportReport = { kind, applied: false, source: options.source, counts: { rows: items.length, added: added.length, changed: changed.length, withdrawn: withdrawn.length, unchanged: items.length - added.length - changed.length }, added, changed, withdrawn, errors };
  if (!options.apply || errors.length) return report;
  if (!options.source.trim()) return { ...report, errors: [{ row: 0, key: 'sourceRequired', value: '' }] };
  const sourceDate = new Date().toISOString().slice(0, 10);
  const written: DirectoryReference[] = [
    ...items.map((i, sort) => ({ kind, code: i.code, name: i.name, group: i.group, sort, active: true, detail: { ...(kind === 'bank' ? { aliases: i.aliases } : {}), source: options.source.trim(), sourceDate } })),
    ...withdrawn.map((code, n) => {
      const c = current.get(code)!;
      return { kind, code, name: c.name, group: c.group, sort: items.length + n, active: false, detail: { ...(kind === 'bank' ? { aliases: c.aliases } : {}), source: options.source.trim(), sourceDate } };
    }),
  ];
  await directory.upsertReference(written, (tx) =>
    audit(tx, options.actor, { action: 'reference.changed', object: kind, detail: { added: added.length, changed: changed.length, withdrawn: withdrawn.length, source: options.source.trim().slice(0, 200) } }),
  );
  return { ...report, applied: true };
}

/**
 * Bank names officers typed that the list does not know (from every pushed follow-up and
 * event), with how many steps carry each: what an administrator maps by adding a bank or a
 * short name to the list.
 */
export async function unmatchedBanks(db: SqlClient, directory: DirectoryStore): Promise<{ name: string; steps: number }[]> {
  const { rows } = await db.query<{ bank: string; steps: string | number }>(
    `SELECT bank, COUNT(*) AS steps FROM (
       SELECT jsonb_path_query(answers, '$.updates[*].financing.bank') #>> '{}' AS bank FROM visit_revisions WHERE kind = 'followup'
       UNION ALL
       SELECT jsonb_path_query(answers, '$.firms[*].updates[*].financing.bank') #>> '{}' AS bank FROM visit_revisions WHERE kind = 'event'
     ) steps WHERE bank IS NOT NULL AND bank <> '' GROUP BY bank ORDER BY COUNT(*) DESC, bank LIMIT 500`,
  );
  const matcher = bankMatcher((await directory.referenceOf('bank')).filter((b) => b.active).map((b) => ({ name: b.name, aliases: aliasesOf(b.detail) })));
  return rows.filter((r) => matcher.canonical(r.bank) === null).map((r) => ({ name: r.bank, steps: Number(r.steps) }));
}
