import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { crc32, deflateRawSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../fixtures/processes';

/**
 * Spreadsheets are read within limits while they stream (issue 23): a few kilobytes of
 * crafted XLSX can cost at most a few megabytes. Each file is read in a process of its own
 * under a 128 MB heap ceiling; before, the first one ran a 1 GB heap out of memory.
 */
function readUnderCeiling(bytes: Buffer): { error?: string; rows?: number; heapMb: number } {
  const file = join(tempDir('register-limits'), 'file.xlsx');
  writeFileSync(file, bytes);
  const run = spawnSync(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', join(ROOT, 'tests/fixtures/read-register-worker.ts'), file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { error?: string; rows?: number; heapMb: number };
}

/** A zip of the given entries, deflated, as a spreadsheet program writes one. */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const packed = deflateRawSync(data, { level: 9 });
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    centrals.push(central, fileName);
    offset += 30 + fileName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('register spreadsheets are read within limits', () => {
  it('a 4.5 KB workbook with one cell in column XFD per row is read within the ceiling (only mapped columns are looked at)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名录');
    sheet.addRow(['企业名称', '统一社会信用代码', '所属县（市、区）', '产业链环节']);
    for (let r = 2; r <= 301; r++) sheet.getCell(r, 16_384).value = 'x';
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    expect(bytes.length).toBeLessThan(12_000);
    const result = readUnderCeiling(bytes);
    expect(result).toMatchObject({ rows: 0 }); // no row holds anything the register reads
    expect(result.heapMb).toBeLessThan(128);
  }, 90_000);

  it('a zip bomb (an entry inflating past the ceiling) is refused having cost at most the ceiling', () => {
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(80 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    expect(readUnderCeiling(bomb)).toMatchObject({ error: 'register.file.unreadable' });
  }, 90_000);

  it('a sheet of more rows than a register holds stops at the limit while it streams', () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
    const sheetXml = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t></is></c></row>${rows}</sheetData></worksheet>`;
    const workbook = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>') },
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml) },
    ]);
    expect(readUnderCeiling(workbook)).toMatchObject({ error: 'register.file.tooManyRows' });
  }, 90_000);
});
