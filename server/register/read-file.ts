import ExcelJS from 'exceljs';
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

/** The first worksheet of an XLSX, or a CSV, as rows of text cells. */
export async function readRegisterFile(bytes: Buffer): Promise<RegisterSheet> {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw new RegisterFileError('register.file.unreadable', 'The workbook cannot be read.');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new RegisterFileError('register.file.unreadable', 'The workbook has no sheet.');
    const grid: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const v = cell.value;
        cells[col - 1] = v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : typeof v === 'object' ? cell.text : String(v);
      });
      grid[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
    });
    return toSheet(Array.from(grid, (r) => r ?? []));
  }
  return toSheet(parseCsv(decodeCsv(bytes)));
}
