import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readRegisterFile } from '../../../server/register/read-file';
import { registerTemplate } from '../../../server/register/template';
import { orderedWorkbookZip } from '../../../server/register/workbook-zip';
import { checkZipLimits } from '../../../server/register/zip-limits';

describe('reading a register workbook', () => {
  it('puts the parts in reading order and leaves out what the register never reads', async () => {
    const template = await registerTemplate();
    const stored = checkZipLimits(template).map((e) => e.name);
    // As ExcelJS (and Excel) store it: the worksheet before the shared strings.
    expect(stored.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(stored.indexOf('xl/sharedStrings.xml'));
    const ordered = checkZipLimits(orderedWorkbookZip(checkZipLimits(template))).map((e) => e.name);
    expect(ordered).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml', ...stored.filter((n) => n.startsWith('xl/worksheets/sheet'))]);
  });

  // ExcelJS's streaming reader parked a worksheet stored before the shared strings in a temporary
  // file and, about one read in a hundred, stopped reading the zip early: CI saw the template
  // come back unreadable. Four hundred reads of one file must all give the same rows.
  it('reads the same file the same way every time', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名录');
    sheet.addRow(['企业名称', '统一社会信用代码', '所属县（市、区）', '产业链环节']);
    sheet.addRow(['聊城预拌混凝土有限公司', '91371502MA3C1B2K52', '东昌府区', '中游']);
    book.addWorksheet('说明').addRow(['不是名录']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const outcomes = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const read = await readRegisterFile(bytes).then((s) => JSON.stringify(s.rows), (e: Error) => e.message);
      outcomes.add(read);
    }
    expect([...outcomes]).toEqual([JSON.stringify([{ row: 2, cells: { name: '聊城预拌混凝土有限公司', creditCode: '91371502MA3C1B2K52', county: '东昌府区', segment: '中游' } }])]);
  }, 60_000);
});
