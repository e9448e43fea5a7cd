import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { orderedWorkbookZip } from './workbook-zip';
import { checkZipLimits, ZipLimitError, type ZipEntry } from './zip-limits';
import { HEADER_ALIASES, REGISTER_COLUMNS, type RegisterColumn } from '../../shared/register/columns';

export class RegisterFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RegisterSheet {
  rows: { row: number; cells: Partial<Record<RegisterColumn, string>> }[];
  /** Headers of the file that map to no column (reported, ignored). */
  ignoredHeaders: string[];
  /** The columns the file has: a column it lacks says nothing about the firms (it does not empty them). */
  columns: RegisterColumn[];
}

export const MAX_REGISTER_ROWS = 50_000;

/** CSV text: UTF-8 with or without BOM, or GB18030 (what Excel in China writes). */
export function decodeCsv(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}

function normalizeHeader(text: string): string {
  return text.replace(/\s+/g, '').replace(/\*/g, '');
}

/** Finds the header row (within the first five) and maps each data row to columns. */
function toSheet(grid: string[][]): RegisterSheet {
  const headerIndex = grid.slice(0, 5).findIndex((r) => r.some((c) => HEADER_ALIASES[normalizeHeader(c)] === 'creditCode'));
  if (headerIndex < 0) throw new RegisterFileError('register.file.noHeader', 'No header row with 统一社会信用代码 in the first five rows.');
  const headers = grid[headerIndex]!.map((h) => HEADER_ALIASES[normalizeHeader(h)] ?? null);
  const missing = REGISTER_COLUMNS.filter((c) => c.required && !headers.includes(c.key)).map((c) => c.header);
  if (missing.length) throw new RegisterFileError('register.file.missingColumns', `Missing columns: ${missing.join('、')}`);
  const ignoredHeaders = grid[headerIndex]!.filter((h, i) => h.trim() && headers[i] === null);
  const rows: RegisterSheet['rows'] = [];
  grid.slice(headerIndex + 1).forEach((r, i) => {
    if (r.every((c) => !c.trim())) return;
    const cells: Partial<Record<RegisterColumn, string>> = {};
    headers.forEach((key, col) => {
      if (key) cells[key] = (r[col] ?? '').trim();
    });
    rows.push({ row: headerIndex + i + 2, cells });
  });
  if (rows.length > MAX_REGISTER_ROWS) throw new RegisterFileError('register.file.tooManyRows', `More than ${MAX_REGISTER_ROWS} rows.`);
  return { rows, ignoredHeaders, columns: headers.filter((h): h is RegisterColumn => h !== null) };
}

/** Columns read from a workbook's rows: the register has 16; a cell beyond this is never looked at. */
const MAX_COLUMNS = 64;
/** Cells a workbook may hold in all (any column), counted while it streams. */
const MAX_CELLS = (MAX_REGISTER_ROWS + 5) * MAX_COLUMNS;

const cellText = (cell: ExcelJS.Cell): string => {
  const v = cell.value;
  return v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : typeof v === 'object' ? cell.text : String(v);
};

/**
 * The first worksheet, streamed: the zip is checked under a ceiling first (zip-limits.ts) and
 * put in reading order (workbook-zip.ts), then rows are read one by one, only the first MAX_COLUMNS columns kept, and the row and
 * cell limits checked while reading — a small crafted file stops early, never after
 * building a grid of 16,384 columns a row.
 */
async function readWorkbook(bytes: Buffer): Promise<string[][]> {
  let entries: ZipEntry[];
  try {
    entries = checkZipLimits(bytes);
  } catch (error) {
    if (error instanceof ZipLimitError) throw new RegisterFileError('register.file.unreadable', `The workbook cannot be read: ${error.message}.`);
    throw error;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([orderedWorkbookZip(entries)]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const grid: string[][] = [];
  let cells = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (row.number > MAX_REGISTER_ROWS + 5) throw new RegisterFileError('register.file.tooManyRows', `More than ${MAX_REGISTER_ROWS} rows.`);
        const line: string[] = [];
        row.eachCell((cell, col) => {
          if (++cells > MAX_CELLS) throw new RegisterFileError('register.file.tooManyCells', 'The sheet holds more cells than a register can.');
          if (col <= MAX_COLUMNS) line[col - 1] = cellText(cell);
        });
        grid[row.number - 1] = Array.from(line, (c) => c ?? '');
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof RegisterFileError) throw error;
    throw new RegisterFileError('register.file.unreadable', 'The workbook cannot be read.');
  }
  if (grid.length === 0) throw new RegisterFileError('register.file.unreadable', 'The workbook has no sheet.');
  return Array.from(grid, (r) => r ?? []);
}

/** The first worksheet of an XLSX, or a CSV, as rows of text cells (the same limits for every list the bureau imports). */
export async function readGrid(bytes: Buffer): Promise<string[][]> {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readWorkbook(bytes);
  return parseCsv(decodeCsv(bytes));
}

/** The register's sheet: its rows under the register's columns. */
export async function readRegisterFile(bytes: Buffer): Promise<RegisterSheet> {
  return toSheet(await readGrid(bytes));
}
