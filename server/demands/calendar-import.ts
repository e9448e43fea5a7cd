import type { CalendarImportReport } from '../../shared/api/demands';
import type { DirectoryReference } from '../../shared/api/sync-protocol';
import { isRealDate } from '../../shared/domain/answers/fields';
import { CALENDAR_KIND, type CalendarDayType } from '../../shared/domain/demand/working-days';
import { audit, type AuditActor } from '../audit/audit-log';
import { readGrid, RegisterFileError } from '../register/read-file';
import type { DirectoryStore } from '../store/directory-store';

export class CalendarFileError extends Error {}

const MAX_DAYS = 400;
const HEADERS = { date: ['日期', 'date'], type: ['类型', '安排', 'type'], name: ['名称', '节日', '说明', 'name'] } as const;
const TYPES: Record<string, CalendarDayType> = { 休: 'holiday', 放假: 'holiday', 假: 'holiday', 节假日: 'holiday', holiday: 'holiday', 班: 'workday', 上班: 'workday', 调休上班: 'workday', 补班: 'workday', workday: 'workday' };
const normal = (h: string) => h.replace(/\s+/g, '').toLowerCase();
const columnOf = (header: string[], names: readonly string[]) => header.findIndex((h) => names.some((n) => normal(n) === normal(h)));
/** 2027-01-01, 2027/1/1 or 2027年1月1日, as people type dates in Excel. */
function isoDateOf(cell: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cell.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

/**
 * A year's holidays and make-up working days (日期, 类型 休/班, 名称), XLSX or CSV, as a bureau
 * copies them from the State Council's notice. Each year in the file replaces that year's
 * calendar whole (a day left out is withdrawn); the import is applied whole or not at all, and
 * the source (the notice) is kept on every day and in the audit log.
 */
export async function importCalendar(directory: DirectoryStore, bytes: Buffer, options: { apply: boolean; source: string; actor: AuditActor }): Promise<CalendarImportReport> {
  let grid: string[][];
  try {
    grid = await readGrid(bytes);
  } catch (error) {
    if (error instanceof RegisterFileError) throw new CalendarFileError(error.message);
    throw error;
  }
  const headerAt = grid.findIndex((r) => r.some((c) => c.trim() !== ''));
  const header = headerAt < 0 ? [] : grid[headerAt]!.map((c) => c.trim());
  const at = { date: columnOf(header, HEADERS.date), type: columnOf(header, HEADERS.type), name: columnOf(header, HEADERS.name) };
  const errors: CalendarImportReport['errors'] = [];
  const days = new Map<string, { type: CalendarDayType; name: string }>();
  if (at.date < 0 || at.type < 0) errors.push({ row: headerAt + 1, key: 'noHeader', value: header.join(' | ').slice(0, 200) });
  else {
    grid.forEach((cells, i) => {
      if (i <= headerAt || cells.every((c) => (c ?? '').trim() === '')) return;
      const row = i + 1;
      const rawDate = (cells[at.date] ?? '').trim();
      const date = isoDateOf(rawDate);
      const type = TYPES[normal(cells[at.type] ?? '')];
      if (!date) return void errors.push({ row, key: 'badDate', value: rawDate.slice(0, 40) });
      if (!type) return void errors.push({ row, key: 'badType', value: (cells[at.type] ?? '').slice(0, 40) });
      if (days.has(date)) return void errors.push({ row, key: 'duplicate', value: date });
      days.set(date, { type, name: (at.name >= 0 ? (cells[at.name] ?? '') : '').trim().slice(0, 100) });
    });
    if (days.size > MAX_DAYS) errors.push({ row: 0, key: 'tooMany', value: String(days.size) });
  }
  const years = [...new Set([...days.keys()].map((d) => Number(d.slice(0, 4))))].sort();
  const values = [...days.values()];
  const counts = { rows: days.size, holidays: values.filter((d) => d.type === 'holiday').length, workdays: values.filter((d) => d.type === 'workday').length };
  const report: CalendarImportReport = { applied: false, source: options.source, years, counts, errors };
  if (!options.apply || errors.length > 0 || days.size === 0) return report;

  const items: DirectoryReference[] = [...days].map(([date, d]) => ({ kind: CALENDAR_KIND, code: date, name: d.name, group: date.slice(0, 4), sort: 0, active: true, detail: { type: d.type, name: d.name, source: options.source } }));
  // Days of those years the file leaves out are withdrawn (kept, inactive, so laptops drop them too).
  const withdrawn = (await directory.referenceOf(CALENDAR_KIND)).filter((r) => years.includes(Number(r.code.slice(0, 4))) && !days.has(r.code) && r.active).map((r) => ({ ...r, active: false }));
  await directory.upsertReference([...items, ...withdrawn], (tx) => audit(tx, options.actor, { action: 'calendar.imported', detail: { years: years.map(String), source: options.source, holidays: counts.holidays, workdays: counts.workdays, withdrawn: withdrawn.length } }));
  return { ...report, applied: true };
}
