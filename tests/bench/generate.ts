import { makeCreditCode } from '../../shared/domain/credit-code';
import { COUNTIES } from '../../shared/domain/divisions';
import { GREEN_PRODUCTS } from '../../shared/reference/green-catalogue';
import type { Db } from '../../db/open';
import { upsertFirm, type FirmWrite } from '../../db/repositories/firms';
import { rng } from '../fixtures/random';

export { rng };

const WORDS = '鑫源恒泰宏达华通明光聚源新诚绿筑金石鲁西远大安泰瑞丰盛世永兴东方正通天成博远嘉禾中联丰华德润利民汇通昌盛'.split('');
const TRADES = ['新型墙材', '预拌混凝土', '节能门窗', '防水材料', '建筑陶瓷', '保温建材', '装配式建筑', '节能玻璃', '涂料科技', '砂石骨料', '钢结构', '新材料'];
const ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** `count` fictional firms spread over the real counties, written in one transaction. */
export function generateFirms(db: Db, count: number, seed = 7): FirmWrite[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const firms: FirmWrite[] = [];
  for (let i = 0; i < count; i++) {
    const county = pick(COUNTIES);
    const org = Array.from({ length: 8 }, () => pick(ORG.split(''))).join('');
    const name = `${county.zh.replace(/[区县市]$/, '')}${pick(WORDS)}${pick(WORDS)}${pick(TRADES)}有限公司`;
    firms.push({
      id: `gen-${i}`,
      creditCode: makeCreditCode('91', county.code, org),
      name,
      countyCode: county.code,
      address: `${county.zh}${pick(WORDS)}${pick(WORDS)}街道工业路${1 + Math.floor(random() * 300)}号`,
      chainSegment: pick(['upstream', 'midstream', 'downstream'] as const),
      categories: [pick(GREEN_PRODUCTS).name],
      keyTier: pick(['none', 'none', 'none', 'cultivated', 'key'] as const),
      zjtxLevel: pick(['none', 'none', 'innovative', 'provincial', 'little_giant'] as const),
      contacts: [],
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  }
  db.transaction(() => firms.forEach((f) => upsertFirm(db, f)))();
  return firms;
}
