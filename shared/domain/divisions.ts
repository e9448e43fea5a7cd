/**
 * County-level divisions of Liaocheng (GB/T 2260), taken from
 * shared/reference/liaocheng-divisions.json. 茌平 became a district in 2019
 * (371523 → 371503); credit codes issued earlier still carry 371523, so lookups
 * accept the retired code and map it to the current one.
 */
export const CITY_CODE = '371500';

export const COUNTIES = [
  { code: '371502', zh: '东昌府区', en: 'Dongchangfu District' },
  { code: '371503', zh: '茌平区', en: 'Chiping District' },
  { code: '371521', zh: '阳谷县', en: 'Yanggu County' },
  { code: '371522', zh: '莘县', en: 'Shen County' },
  { code: '371524', zh: '东阿县', en: "Dong'e County" },
  { code: '371525', zh: '冠县', en: 'Guan County' },
  { code: '371526', zh: '高唐县', en: 'Gaotang County' },
  { code: '371581', zh: '临清市', en: 'Linqing City' },
] as const;

export type CountyCode = (typeof COUNTIES)[number]['code'];
export const COUNTY_CODES = COUNTIES.map((c) => c.code) as [CountyCode, ...CountyCode[]];

const RETIRED: Record<string, CountyCode> = { '371523': '371503' };

/** The current county code for a (possibly retired) 6-digit division code, or null. */
export function currentCountyCode(code: string): CountyCode | null {
  const mapped = RETIRED[code] ?? code;
  return (COUNTY_CODES as readonly string[]).includes(mapped) ? (mapped as CountyCode) : null;
}

export function countyName(code: string, lang: 'zh' | 'en' = 'zh'): string {
  const county = COUNTIES.find((c) => c.code === currentCountyCode(code));
  return county ? county[lang] : code;
}
