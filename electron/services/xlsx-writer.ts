import archiver from 'archiver';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';

/**
 * A streaming XLSX writer for the summary workbook: each sheet's XML is written row by
 * row straight into the zip (deflate level 1), with backpressure, so 170,000 rows never
 * sit in memory. It writes only what the workbook uses — numbers, dates, inline strings,
 * four number formats, a bold header, a frozen first row, an autofilter and column widths —
 * which makes it several times quicker than exceljs's general-purpose writer (the reports
 * benchmark measures both on the same rows).
 */
export type XlsxCell = string | number | null | undefined;
export type XlsxKind = 'date' | 'integer' | 'decimal' | 'percent';
export interface XlsxColumn {
  header: string;
  width: number;
  kind?: XlsxKind;
}

// cellXfs: 0 default, 1 integer "0", 2 decimal "#,##0.00", 3 percent "0.0%", 4 date "yyyy-mm-dd", 5 bold header.
const STYLE: Record<XlsxKind, number> = { integer: 1, decimal: 2, percent: 3, date: 4 };
const HEADER_STYLE = 5;
const DAY_MS = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

// Characters XML 1.0 forbids (controls but tab, newline, carriage return; lone surrogates are left to the encoder).
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const escapeXml = (text: string) => text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** 'YYYY-MM-DD…' → Excel's day number; null when it is not a date. */
function excelDate(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  return (Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - EXCEL_EPOCH) / DAY_MS;
}

function cellXml(ref: string, value: XlsxCell, kind: XlsxKind | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (kind === 'date' && typeof value === 'string') {
    const serial = excelDate(value);
    if (serial !== null) return `<c r="${ref}" s="${STYLE.date}"><v>${serial}</v></c>`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return `<c r="${ref}"${kind && kind !== 'date' ? ` s="${STYLE[kind]}"` : ''}><v>${value}</v></c>`;
  }
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(value))}</t></is></c>`;
}

interface SheetEntry {
  name: string;
  columns: number;
  /** Where the sheet shows in the workbook (sheets may be written in another order). */
  position: number;
  file: number;
}

export class XlsxWriter {
  private readonly zip = archiver('zip', { zlib: { level: 1 } });
  private readonly sheets: SheetEntry[] = [];
  private readonly done: Promise<void>;

  constructor(out: Writable, private readonly creator = 'Xunlian 巡链') {
    this.done = new Promise((resolve, reject) => {
      out.once('close', resolve);
      out.once('finish', resolve);
      out.once('error', reject);
      this.zip.once('error', reject);
    });
    // Only finish() waits for it; after abort() the zip's own complaint must not become an unhandled rejection (it would kill the export worker and turn a cancel into a failure).
    this.done.catch(() => undefined);
    this.zip.pipe(out);
  }

  /** Writes one sheet: the header row, then every page of rows; `afterPage` runs between pages (progress, cancel). */
  async addSheet(name: string, columns: readonly XlsxColumn[], pages: Iterable<XlsxCell[][]>, afterPage?: (rows: number) => Promise<void> | void, position = this.sheets.length): Promise<void> {
    const index = this.sheets.length + 1;
    this.sheets.push({ name, columns: columns.length, position, file: index });
    const xml = new PassThrough({ highWaterMark: 1 << 20 });
    this.zip.append(xml, { name: `xl/worksheets/sheet${index}.xml` });
    const write = async (text: string) => {
      if (!xml.write(text)) await once(xml, 'drain');
    };
    const refs = columns.map((_, i) => columnName(i));
    const kinds = columns.map((c) => c.kind);
    await write(
      `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
        `<sheetFormatPr defaultRowHeight="15"/><cols>${columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols><sheetData>` +
        `<row r="1">${columns.map((c, i) => `<c r="${refs[i]}1" s="${HEADER_STYLE}" t="inlineStr"><is><t>${escapeXml(c.header)}</t></is></c>`).join('')}</row>`,
    );
    let r = 1;
    for (const page of pages) {
      let chunk = '';
      for (const cells of page) {
        r++;
        let row = `<row r="${r}">`;
        for (let i = 0; i < cells.length; i++) row += cellXml(`${refs[i] ?? columnName(i)}${r}`, cells[i], kinds[i]);
        chunk += `${row}</row>`;
      }
      await write(chunk);
      await afterPage?.(page.length);
    }
    await write(`</sheetData><autoFilter ref="A1:${columnName(Math.max(0, columns.length - 1))}1"/></worksheet>`);
    xml.end();
  }

  /** Writes the workbook's parts and closes the zip; resolves once the output is closed. */
  async finish(): Promise<void> {
    const sheets = [...this.sheets].sort((a, b) => a.position - b.position);
    const part = (name: string, text: string) => this.zip.append(XML_HEAD + text, { name });
    part(
      '[Content_Types].xml',
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
        sheets.map((s) => `<Override PartName="/xl/worksheets/sheet${s.file}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    );
    part(
      '_rels/.rels',
      `<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    );
    part(
      'docProps/core.xml',
      `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${escapeXml(this.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}</dcterms:created></cp:coreProperties>`,
    );
    part(
      'xl/workbook.xml',
      `<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>` +
        `<definedNames>${sheets.map((s, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${escapeXml(s.name)}'!$A$1:$${columnName(Math.max(0, s.columns - 1))}$1</definedName>`).join('')}</definedNames></workbook>`,
    );
    part(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="${PKG_REL_NS}">${sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${s.file}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    );
    part(
      'xl/styles.xml',
      `<styleSheet xmlns="${NS}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>` +
        `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
        `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders>` +
        `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6">` +
        `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
        `<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
        `<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
        `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    );
    await this.zip.finalize();
    await this.done;
  }

  /** Stops writing (a failure or a cancel): the caller removes the file. */
  abort(): void {
    this.zip.abort();
  }
}
