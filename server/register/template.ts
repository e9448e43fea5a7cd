import ExcelJS from 'exceljs';
import { KEY_TIER_WORDS, REGISTER_COLUMNS, SEGMENT_WORDS, ZJTX_WORDS } from '../../shared/register/columns';
import { COUNTIES } from '../../shared/domain/divisions';

export const TEMPLATE_FILE_NAME = '巡链企业名录导入模板.xlsx';

/** Words a coded column accepts, for the instructions sheet (the Chinese ones). */
const chinese = (words: Record<string, string>) => Object.keys(words).filter((w) => /[\u4e00-\u9fff]/.test(w)).join('、');

/** The template workbook: the columns with one example row, and a sheet that says what each column accepts. */
export async function registerTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业名录');
  sheet.columns = REGISTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length * 3) }));
  sheet.addRow(Object.fromEntries(REGISTER_COLUMNS.map((c) => [c.key, c.example])));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'col', width: 18 },
    { header: '必填', key: 'required', width: 8 },
    { header: '可填写的内容', key: 'values', width: 80 },
  ];
  const values: Record<string, string> = {
    creditCode: '18 位统一社会信用代码（校验位不符的会标出，仍可导入）',
    county: `${COUNTIES.map((c) => c.zh).join('、')}，或 6 位区划代码；茌平县（371523）按茌平区导入`,
    segment: chinese(SEGMENT_WORDS),
    categories: '多个类别用顿号、逗号或分号分隔',
    keyTier: `${chinese(KEY_TIER_WORDS)}，空白为无`,
    zjtx: `${chinese(ZJTX_WORDS)}，空白为无`,
    certProduct: '一家企业有多项认证时，认证产品、星级、证书编号、有效期至四列各用分号分隔，数量一致',
    certStars: '1、2 或 3',
    certValidUntil: '日期，如 2028-06-30',
  };
  for (const c of REGISTER_COLUMNS) help.addRow({ col: c.header, required: c.required ? '是' : '', values: values[c.key] ?? '' });
  help.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
