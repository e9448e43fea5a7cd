import type { ZipEntry } from './zip-limits';

/** The parts the register reads, in the order a streaming reader needs them. */
const PART_ORDER = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];
const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

const rank = (name: string): number => {
  const part = PART_ORDER.indexOf(name);
  if (part >= 0) return part;
  const sheet = WORKSHEET.exec(name);
  return sheet ? PART_ORDER.length + Number(sheet[1]) : -1;
};

/**
 * The workbook rewritten as a zip whose parts come in reading order: relationships, workbook,
 * styles and shared strings first, then the worksheets; every other part (themes, drawings,
 * document properties) left out. Spreadsheet programs, ExcelJS among them, store the worksheet
 * before the shared strings; ExcelJS's streaming reader then parks the sheet in a temporary file
 * and, now and then, stops reading the zip early — the workbook came back unreadable, or worse,
 * without its shared strings. In this order the reader never parks anything.
 *
 * The entries are copied as stored (no re-compression), found by the central directory.
 */
export function orderedWorkbookZip(entries: ZipEntry[]): Buffer {
  const kept = entries.filter((e) => rank(e.name) >= 0).sort((a, b) => rank(a.name) - rank(b.name));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of kept) {
    const name = Buffer.from(entry.name, 'utf8');
    const header = (signature: number, length: number, fields: (b: Buffer, base: number) => void): Buffer => {
      const b = Buffer.alloc(length);
      b.writeUInt32LE(signature, 0);
      fields(b, 0);
      return b;
    };
    const common = (b: Buffer, at: number) => {
      b.writeUInt16LE(20, at); // version needed
      b.writeUInt16LE(0x0800, at + 2); // names in UTF-8, sizes in the header (no data descriptor)
      b.writeUInt16LE(entry.method, at + 4);
      b.writeUInt32LE(entry.crc, at + 10);
      b.writeUInt32LE(entry.data.length, at + 14);
      b.writeUInt32LE(entry.size, at + 18);
      b.writeUInt16LE(name.length, at + 22);
    };
    locals.push(header(0x04034b50, 30, (b) => common(b, 4)), name, entry.data);
    centrals.push(
      header(0x02014b50, 46, (b) => {
        b.writeUInt16LE(20, 4); // version made by
        common(b, 6);
        b.writeUInt32LE(offset, 42);
      }),
      name,
    );
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(kept.length, 8);
  end.writeUInt16LE(kept.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
