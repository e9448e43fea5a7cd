/** UTF-8 byte-order mark: without it Excel opens a UTF-8 CSV as GBK and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';

/**
 * One RFC 4180 cell. Cells that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR at the start) get a leading apostrophe: CSV injection guard.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value); // a number is never a formula and never needs quotes
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  let row = '';
  for (let i = 0; i < cells.length; i++) row += i === 0 ? csvCell(cells[i]) : `,${csvCell(cells[i])}`;
  return `${row}\r\n`;
}
