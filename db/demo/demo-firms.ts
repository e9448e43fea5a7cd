import { localToday } from '../../shared/domain/visit';
import type { FirmWrite } from '../repositories/firms';

type NewFirm = FirmWrite & { countyCode: '371502' | '371503' | '371521' | '371522' | '371524' | '371525' | '371526' | '371581'; chainSegment: 'upstream' | 'midstream' | 'downstream'; keyTier: 'none' | 'cultivated' | 'key'; zjtxLevel: 'none' | 'innovative' | 'provincial' | 'little_giant' };

/**
 * A small demo directory so a fresh install is usable without a server:
 * real Liaocheng county-level divisions, fictional firm names, credit codes of a
 * valid format with correct check characters (both checks, worked out by hand from
 * the rules in ../shared/reference/README.md, written out here rather than computed,
 * so the data cannot follow a wrong implementation).
 */
type Seed = [id: string, name: string, county: NewFirm['countyCode'], creditCode: string, address: string, segment: NewFirm['chainSegment'], categories: string[], tier: NewFirm['keyTier'], zjtx: NewFirm['zjtxLevel'], contact: string];

const SEEDS: Seed[] = [
  ['demo-01', '聊城预拌混凝土有限公司', '371502', '91371502MA3C1B2K52', '东昌府区北城街道建设路88号', 'midstream', ['预拌混凝土'], 'key', 'provincial', '王建国'],
  ['demo-02', '聊城绿筑新型墙材有限公司', '371502', '91371502MA3D7K9P95', '东昌府区顾官屯镇工业园3号', 'midstream', ['砌体材料', '保温系统材料'], 'key', 'innovative', '李红'],
  ['demo-03', '茌平鑫源装配式建筑科技有限公司', '371503', '91371503MA3E2L5Q8X', '茌平区信发街道工业大道16号', 'midstream', ['预制构件', '钢结构房屋用钢构件'], 'key', 'little_giant', '张伟'],
  ['demo-04', '临清华通节能门窗有限公司', '371581', '91371581MA3F4M8RX9', '临清市先锋街道京杭路120号', 'midstream', ['建筑门窗及配件', '门窗幕墙用型材'], 'cultivated', 'provincial', '刘洋'],
  ['demo-05', '阳谷恒泰防水材料有限公司', '371521', '91371521MA3G6N1T6P', '阳谷县侨润街道新材料产业园', 'midstream', ['防水卷材', '防水涂料'], 'cultivated', 'innovative', '陈静'],
  ['demo-06', '莘县宏达建筑陶瓷有限公司', '371522', '91371522MA3H8P3U4M', '莘县燕塔街道东环路55号', 'midstream', ['建筑陶瓷'], 'none', 'none', '杨帆'],
  ['demo-07', '东阿金石砂石骨料有限公司', '371524', '91371524MA3J1Q6W6E', '东阿县铜城街道石料产业园', 'upstream', ['砌体材料'], 'cultivated', 'none', '赵磊'],
  ['demo-08', '冠县明光节能玻璃有限公司', '371525', '91371525MA3K3R9X8E', '冠县清泉街道冠宜春路9号', 'midstream', ['建筑节能玻璃'], 'key', 'provincial', '孙丽'],
  ['demo-09', '高唐恒远保温建材有限公司', '371526', '91371526MA3L5T2Y9J', '高唐县鱼邱湖街道开发区路27号', 'midstream', ['保温系统材料'], 'none', 'innovative', '周强'],
  ['demo-10', '聊城鲁西绿色建筑工程有限公司', '371502', '91371502MA3M7U4AXP', '东昌府区东城街道东昌东路210号', 'downstream', ['预制构件'], 'cultivated', 'none', '吴敏'],
  ['demo-11', '茌平聚源粉煤灰综合利用有限公司', '371503', '91371503MA3N9W7B44', '茌平区温陈街道循环经济产业园', 'upstream', ['预拌砂浆', '混凝土外加剂（减水剂）'], 'none', 'none', '郑浩'],
  ['demo-12', '临清新诚涂料科技有限公司', '371581', '91371581MA3P2X5C6J', '临清市大辛庄街道化工园区8号', 'midstream', ['墙面涂料', '反射隔热涂料'], 'none', 'innovative', '黄蕾'],
];

/** Green certifications of some demo firms (star levels as in the source article: mostly three-star). */
const CERTS: Record<string, { product: string; starLevel: number; certificateNo: string; validUntil: string }[]> = {
  'demo-01': [{ product: '预拌混凝土', starLevel: 3, certificateNo: 'LJC-2023-GBM-0101', validUntil: '2028-06-30' }],
  'demo-02': [
    { product: '砌体材料', starLevel: 3, certificateNo: 'LJC-2023-GBM-0102', validUntil: '2028-03-31' },
    { product: '保温系统材料', starLevel: 2, certificateNo: 'LJC-2021-GBM-0057', validUntil: '2024-12-31' },
  ],
  'demo-03': [{ product: '预制构件', starLevel: 3, certificateNo: 'LJC-2023-GBM-0103', validUntil: '2028-09-30' }],
  'demo-04': [{ product: '建筑门窗及配件', starLevel: 3, certificateNo: 'LJC-2023-GBM-0104', validUntil: '2028-05-31' }],
  'demo-08': [{ product: '建筑节能玻璃', starLevel: 3, certificateNo: 'LJC-2023-GBM-0108', validUntil: '2028-08-31' }],
};

/** One demo certificate expires 45 days after the demo starts, so the expiry warning has something to show. */
const EXPIRING = { firm: 'demo-11', product: '预拌砂浆', starLevel: 2, certificateNo: 'LJC-2024-GBM-0211', daysAhead: 45 };
function expiringCertificate(now: string) {
  // The laptop's day, as its "days left" counts from it (not UTC's, a day behind in the evening in China).
  const until = localToday(new Date(Date.parse(now) + EXPIRING.daysAhead * 86_400_000));
  return { product: EXPIRING.product, starLevel: EXPIRING.starLevel, certificateNo: EXPIRING.certificateNo, validUntil: until };
}

export function demoFirms(now: string): NewFirm[] {
  return SEEDS.map(([id, name, county, creditCode, address, segment, categories, tier, zjtx, contact]) => ({
    id,
    creditCode,
    name,
    countyCode: county,
    address,
    chainSegment: segment,
    categories,
    keyTier: tier,
    zjtxLevel: zjtx,
    contacts: [{ name: contact, role: '总经理', phone: '0635-0000000' }],
    certifications: [...(CERTS[id] ?? []), ...(id === EXPIRING.firm ? [expiringCertificate(now)] : [])].map((c, i) => ({ ...c, id: `${id}-cert-${i + 1}` })),
    updatedAt: now,
  }));
}
