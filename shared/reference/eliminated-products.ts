import { z } from 'zod';

/**
 * Officially eliminated (banned) and restricted building-materials products and processes
 * (禁止使用明令淘汰的建材产品). An eliminated entry is banned; a restricted one is banned
 * only under its catalogue's conditions, so a restricted match means "check the condition".
 *
 * This is the seed, quoted from ../shared/reference/eliminated-building-materials.json:
 * the construction-material entries of the two housing-ministry catalogues (2021, 2024).
 * It does NOT hold the building-materials sections of the national industrial-structure
 * catalogue (产业结构调整指导目录 2024年本), whose text was not reachable — the bureau adds
 * them with `server:admin eliminated-import`, and the directory pull carries the bureau's
 * list to laptops (reference kind `eliminated_product`).
 */
export const ELIMINATED_STATUSES = ['eliminated', 'restricted'] as const;
export type EliminatedStatus = (typeof ELIMINATED_STATUSES)[number];

export const EliminatedEntry = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9._-]{2,40}$/),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['product', 'process']),
  status: z.enum(ELIMINATED_STATUSES),
  /** The catalogue's title, as published. */
  source: z.string().trim().min(2).max(200),
  issuer: z.string().trim().max(100).default(''),
  /** The catalogue's date of publication. */
  sourceDate: z.iso.date(),
  /** Where in the catalogue (section and item). */
  section: z.string().trim().max(200).default(''),
  /** Words that suggest the entry when found in what a firm makes or uses (editorial, not source text). */
  keywords: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  /** False once the bureau withdraws the entry. */
  active: z.boolean().default(true),
});
export type EliminatedEntry = z.infer<typeof EliminatedEntry>;

const SEED: readonly Omit<EliminatedEntry, 'active'>[] = [
  {
    code: "MOHURD-2021-P05",
    name: "有碱速凝剂",
    kind: "product",
    status: "eliminated",
    source: "房屋建筑和市政基础设施工程危及生产安全施工工艺、设备和材料淘汰目录（第一批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2021-12-14",
    section: "禁止类施工工艺、设备和材料（共9项） 第5项",
    keywords: ["有碱速凝剂", "速凝剂", "喷射混凝土", "混凝土外加剂"],
  },
  {
    code: "MOHURD-2021-R11",
    name: "九格砖",
    kind: "product",
    status: "restricted",
    source: "房屋建筑和市政基础设施工程危及生产安全施工工艺、设备和材料淘汰目录（第一批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2021-12-14",
    section: "限制类施工工艺、设备和材料（共13项） 第11项",
    keywords: ["九格砖", "人行道砖", "路面砖"],
  },
  {
    code: "MOHURD-2021-R12",
    name: "防滑性能差的光面路面板（砖）",
    kind: "product",
    status: "restricted",
    source: "房屋建筑和市政基础设施工程危及生产安全施工工艺、设备和材料淘汰目录（第一批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2021-12-14",
    section: "限制类施工工艺、设备和材料（共13项） 第12项",
    keywords: ["光面路面板", "光面路面砖", "路面砖", "防滑"],
  },
  {
    code: "MOHURD-2024-P05",
    name: "废机油脱模剂",
    kind: "product",
    status: "eliminated",
    source: "房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2024-11-08",
    section: "三、工程材料（禁止使用） 第5项",
    keywords: ["废机油脱模剂", "脱模剂", "废机油", "模板"],
  },
  {
    code: "MOHURD-2024-P06",
    name: "纸胎油毡防水卷材",
    kind: "product",
    status: "eliminated",
    source: "房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2024-11-08",
    section: "三、工程材料（禁止使用） 第6项",
    keywords: ["纸胎油毡", "油毡", "防水卷材", "沥青油毡"],
  },
  {
    code: "MOHURD-2024-P07",
    name: "再生料聚乙烯丙纶防水卷材",
    kind: "product",
    status: "eliminated",
    source: "房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2024-11-08",
    section: "三、工程材料（禁止使用） 第7项",
    keywords: ["聚乙烯丙纶防水卷材", "丙纶防水卷材", "再生料", "防水卷材"],
  },
  {
    code: "MOHURD-2024-P08",
    name: "非阻燃型密目式安全网",
    kind: "product",
    status: "eliminated",
    source: "房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2024-11-08",
    section: "三、工程材料（禁止使用） 第8项",
    keywords: ["密目式安全网", "密目网", "安全网", "阻燃"],
  },
  {
    code: "MOHURD-2024-P09",
    name: "非耐碱型玻璃纤维网格布",
    kind: "product",
    status: "eliminated",
    source: "房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2024-11-08",
    section: "三、工程材料（禁止使用） 第9项",
    keywords: ["玻璃纤维网格布", "网格布", "耐碱网格布", "外墙保温"],
  },
  {
    code: "MOHURD-2024-R12",
    name: "施工现场自拌混凝土",
    kind: "product",
    status: "restricted",
    source: "房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2024-11-08",
    section: "限制使用技术 第12项（归入工程材料系按列表顺序推断）",
    keywords: ["自拌混凝土", "现场搅拌混凝土", "现场拌制"],
  },
  {
    code: "MOHURD-2024-R13",
    name: "普通混凝土井盖",
    kind: "product",
    status: "restricted",
    source: "房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2024-11-08",
    section: "限制使用技术 第13项（归入工程材料系按列表顺序推断）",
    keywords: ["混凝土井盖", "井盖", "检查井盖"],
  },
  {
    code: "MOHURD-2024-R14",
    name: "砂模铸造铸铁管和冷镀锌钢管",
    kind: "product",
    status: "restricted",
    source: "房屋建筑和市政基础设施工程禁止和限制使用技术目录（第二批）",
    issuer: "住房和城乡建设部",
    sourceDate: "2024-11-08",
    section: "限制使用技术 第14项（归入工程材料系按列表顺序推断）",
    keywords: ["砂模铸造铸铁管", "铸铁管", "冷镀锌钢管", "镀锌管"],
  },];
export const ELIMINATED_PRODUCTS: readonly EliminatedEntry[] = SEED.map((e) => ({ ...e, active: true }));

/** An entry as a reference item: the one shape the server's directory and the laptop's store share. */
export function eliminatedReference(entry: EliminatedEntry, sort: number) {
  return { kind: 'eliminated_product' as const, code: entry.code, name: entry.name, group: entry.status, sort, active: entry.active, detail: entry };
}

/** The entry a reference item's detail holds, or null when this version cannot read it (skipped, never shown half). */
export function eliminatedEntryOf(detail: unknown): EliminatedEntry | null {
  const entry = EliminatedEntry.safeParse(detail);
  return entry.success ? entry.data : null;
}

/**
 * The entries a description of what a firm makes or uses may touch: those whose name or a
 * keyword occurs in it. A suggestion for the officer to confirm, never a verdict: 防水卷材
 * suggests 纸胎油毡防水卷材, but most waterproof membranes are lawful. Eliminated entries
 * first, then by the length of the word matched (a longer word is the surer match).
 */
export function suggestEliminated(text: string, entries: readonly EliminatedEntry[]): EliminatedEntry[] {
  const haystack = normalise(text);
  if (!haystack) return [];
  const scored = entries.flatMap((entry) => {
    if (!entry.active) return [];
    const matched = [entry.name, ...entry.keywords].map(normalise).filter((word) => word && haystack.includes(word));
    return matched.length ? [{ entry, longest: Math.max(...matched.map((w) => w.length)) }] : [];
  });
  const banned = (e: EliminatedEntry) => Number(e.status === 'eliminated');
  return scored.sort((a, b) => banned(b.entry) - banned(a.entry) || b.longest - a.longest).map((s) => s.entry);
}

/** Full-width brackets, spaces and letter case vary between sources and typing: compare without them. */
function normalise(text: string): string {
  return text.normalize('NFKC').replace(/[\s()（）[\]【】]/g, '').toLowerCase();
}
