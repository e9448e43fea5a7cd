import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/api/errors';
import { countyName } from '../../../shared/domain/divisions';
import type { Handbook } from '../../../shared/domain/handbook';
import { localToday } from '../../../shared/domain/visit';
import { zhCN } from '../../../shared/i18n/zh-CN';
import { handbookOf } from '../../../db/repositories/handbook';
import { writeFileAtomically } from '../atomic-file';
import type { ServiceContext } from '../context';
import { deliverRecorded, recordedExport } from '../audit/audited-export';
import { handbookSubject, routeOptions } from '../audit/export-subjects';
import type { Handlers } from '../dispatcher';

const z = zhCN;
const none = (v: string, names: Record<string, string>) => (v === 'none' ? '' : (names[v] ?? v));

/** The handbook as a workbook: one row per firm, grouped as in the printed handbook. */
async function handbookXlsx(handbook: Handbook): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(z.handbook.title);
  const h = z.handbook.columns;
  sheet.columns = [
    { header: h.county, key: 'county', width: 10 },
    { header: h.segment, key: 'segment', width: 12 },
    { header: h.name, key: 'name', width: 34 },
    { header: h.creditCode, key: 'code', width: 22 },
    { header: h.address, key: 'address', width: 34 },
    { header: h.categories, key: 'categories', width: 24 },
    { header: h.keyTier, key: 'tier', width: 10 },
    { header: h.zjtx, key: 'zjtx', width: 14 },
    { header: h.certifications, key: 'certs', width: 44 },
    ...(handbook.options.withContacts ? [{ header: h.contacts, key: 'contacts', width: 30 }] : []),
    { header: h.lastDiagnosis, key: 'last', width: 12 },
    { header: h.openProblems, key: 'open', width: 10 },
  ];
  for (const section of handbook.sections) {
    for (const e of section.entries) {
      sheet.addRow({
        county: countyName(section.countyCode),
        segment: z.segment[section.chainSegment],
        name: e.name,
        code: e.creditCode,
        address: e.address,
        categories: e.categories.join('、'),
        tier: none(e.keyTier, z.keyTier),
        zjtx: none(e.zjtxLevel, z.zjtx),
        certs: e.certifications.map((c) => `${c.product} ${c.starLevel}星 ${c.certificateNo} 至${c.validUntil}${c.expired ? `（${z.firms.certExpired}）` : ''}`).join('\n'),
        contacts: e.contacts.map((c) => `${c.name} ${c.role} ${c.phone}`.trim()).join('\n'),
        last: e.lastDiagnosis ?? '',
        open: e.openProblems,
      });
    }
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** 《企业手册》 from this laptop's copy of the register: the data, the printed A4 PDF (desktop), the workbook. */
export function handbookHandlers(ctx: ServiceContext): Pick<Handlers, 'handbook.get' | 'exports.handbookPdf' | 'exports.handbookXlsx'> {
  const get = (options: Handbook['options']) => handbookOf(ctx.db, options, localToday(ctx.now()), ctx.now().toISOString());
  const stamp = () => localToday(ctx.now());
  return {
    'handbook.get': (options) => get(options),
    'exports.handbookPdf': ({ route }) => {
      if (!ctx.platform.printToPdf) throw new AppError('FORBIDDEN', 'In the browser, open the handbook page and print it (save as PDF there).');
      const name = `${z.handbook.title}-${stamp()}.pdf`;
      return recordedExport(ctx, 'export.handbook', handbookSubject(routeOptions(route)), name, () => ctx.platform.printToPdf!(route, name));
    },
    'exports.handbookXlsx': async (options) => {
      const handbook = get(options);
      const bytes = await handbookXlsx(handbook);
      return deliverRecorded(ctx, 'export.handbook', handbookSubject(options), `${z.handbook.title}-${stamp()}.xlsx`, async (path) => {
        await writeFileAtomically(path, async (write) => write(bytes));
        return handbook.total;
      });
    },
  };
}
