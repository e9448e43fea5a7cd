import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { makeCreditCode } from '../../shared/domain/credit-code';
import { COUNTIES } from '../../shared/domain/divisions';
import { REGISTER_COLUMNS } from '../../shared/register/columns';
import { importRegister } from '../../server/register/import';
import { openServerStores } from '../../server/store/open';
import { tempDir } from '../fixtures/processes';
import { rng } from '../fixtures/random';
import { sized, type Benchmark } from './harness';

export const FIRMS = sized(20_000, 1_000);
const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A 20,000-firm register as the bureau would fill the template (one certification on a third of the rows). */
export async function registerWorkbook(): Promise<Buffer> {
  const random = rng(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('企业名录');
  sheet.addRow(REGISTER_COLUMNS.map((c) => c.header));
  const codes = new Set<string>();
  while (codes.size < FIRMS) {
    const county = pick(COUNTIES);
    codes.add(`${county.code}|${makeCreditCode('91', county.code, Array.from({ length: 8 }, () => pick(ORG.split(''))).join(''))}`);
  }
  let i = 0;
  for (const entry of codes) {
    const [county, code] = entry.split('|') as [string, string];
    const cert = i % 3 === 0;
    sheet.addRow([`聊城${i}号绿色建材有限公司`, code, COUNTIES.find((c) => c.code === county)!.zh, `工业路${i}号`, pick(['上游原材料', '中游制造', '下游应用']), '预拌混凝土、砌体材料', pick(['', '重点培育', '重点企业']), pick(['', '创新型中小企业', '省级专精特新']), '王经理', '总经理', '0635-0000000', cert ? '预拌混凝土' : '', cert ? '3' : '', cert ? `LJC-${i}` : '', cert ? '2028-06-30' : '']);
    i++;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const registerImport: Benchmark = {
  name: 'register-import',
  description: `dry run + apply of a ${FIRMS.toLocaleString('en')}-firm XLSX register (PGlite), against reading the same workbook with exceljs alone`,
  async run() {
    const bytes = await registerWorkbook();
    const readStart = performance.now();
    await new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer);
    const readSeconds = (performance.now() - readStart) / 1000;

    const stores = await openServerStores({ XUNLIAN_SERVER_DATA: join(tempDir('bench-register'), 'data') }, tempDir('unused'));
    try {
      const start = performance.now();
      const dry = await importRegister(stores.client, bytes, false);
      const applied = await importRegister(stores.client, bytes, true);
      const seconds = (performance.now() - start) / 1000;
      if (dry.counts.errors || applied.counts.new !== FIRMS) throw new Error(`unexpected import: ${JSON.stringify(applied.counts)}`);
      return [{ name: 'register-import-20k', value: seconds, unit: 's', goalRatio: 4, better: 'lower' as const, baseline: readSeconds }];
    } finally {
      await stores.client.close();
    }
  },
};
