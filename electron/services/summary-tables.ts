import { DEFAULT_CERTIFICATE_WARNING_DAYS } from '../../shared/domain/certificate-window';
import { countyName as countyNameOf } from '../../shared/domain/divisions';
import type { DemandFigureRow, Summary, SummaryFilter, SummaryTable as TableName } from '../../shared/domain/summary';
import { eventFirms, eventUpdates } from '../../shared/domain/answers/event-firms';
import { zhCN } from '../../shared/i18n/zh-CN';
import type { Db } from '../../db/open';

/** A rate as the exports show it: a percentage to one decimal (empty when there is nothing to divide). */
const percent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 1000) / 10);
import { countedEventsPage, countedPage, diagnosisFigures, materializeFinancing, type Counted, type CountedFinancingRow, type CountedProblemRow, type CountedVisitRow } from '../../db/repositories/summary-counted';

/**
 * The tables every summary export writes — one definition, so XLSX and CSV carry
 * the same rows and the same numbers. Cells are numbers, dates (as YYYY-MM-DD) or text.
 */
export type Cell = string | number | null;
export interface Column {
  header: string;
  width: number;
  kind?: 'date' | 'integer' | 'decimal' | 'percent';
}
export interface ExportTable {
  name: string;
  columns: Column[];
  /** Rows a page at a time, so 50,000 visits never sit in memory together. */
  pages(): Iterable<Cell[][]>;
}

export { FIGURE_TABLES, SUMMARY_TABLES as TABLE_NAMES, type SummaryTable as TableName } from '../../shared/domain/summary-table-names';
export const TABLE_FILE_NAMES: Record<TableName, string> = { summary: '汇总', visits: '走访', problems: '问题', financing: '融资', firms: '企业', events: '活动', overdue: '包联逾期', demands: '督办' };

const PAGE = 1000;
const z = zhCN;

function* paged<T extends { rowid: number }>(fetch: (limit: number, afterRowid: number) => T[], map: (row: T) => Cell[]): Iterable<Cell[][]> {
  for (let after = 0; ; ) {
    const page = fetch(PAGE, after);
    if (page.length === 0) return;
    after = page[page.length - 1]!.rowid;
    yield page.map(map);
  }
}

/**
 * The export tables over `counted` (see materializeCounted); the caller drops it
 * when done. `summary` gives the figures (computeSummary), called only when the
 * summary table is written.
 */
export function summaryTables(db: Db, filter: SummaryFilter, counted: Counted, summary: () => Summary): Record<TableName, ExportTable> {
  // Eight counties, 170,000 rows: look each name up once.
  const counties = new Map<string, string>();
  const countyName = (code: string) => counties.get(code) ?? (counties.set(code, countyNameOf(code)), counties.get(code)!);
  return {
    summary: {
      name: '汇总',
      columns: [
        { header: '指标', width: 28 },
        { header: '数值', width: 18 },
      ],
      *pages() {
        const figures = summary();
        const t = figures.totals;
        yield [
          ['走访日期自', filter.from],
          ['走访日期至', filter.to],
          ['区县', filter.countyCode ? countyNameOf(filter.countyCode) : '全部'],
          ['走访次数', t.visits],
          ['走访企业数', t.firmsVisited],
          ['重点企业数', t.keyFirms],
          ['已走访重点企业数', t.keyFirmsVisited],
          ['未走访重点企业数', t.keyFirmsNotVisited],
          ['问题数', t.problems],
          ['待解决', t.open],
          ['办理中', t.inProgress],
          ['已解决', t.resolved],
          ['办结率（%）', t.resolutionRate === null ? null : Math.round(t.resolutionRate * 1000) / 10],
          ['办结用时中位数（天）', t.medianDaysToResolve],
          ['融资需求（万元）', t.financingDemand],
          ['希望银企对接的企业数', t.matchmakingFirms],
          ['已推荐银行的融资需求（万元）', t.financingReferred],
          ['银行已批准（万元）', t.financingApproved],
          ['已到位资金（万元）', t.financingReceived],
          ['融资需求满足率（%）', t.demandMetShare === null ? null : Math.round(t.demandMetShare * 1000) / 10],
          ['从提出需求到资金到位中位数（天）', t.medianDaysToFunds],
          ...figures.financingByBank.flatMap((b): [string, number][] => [
            [`按银行：${b.bank} 对接企业（家次）`, b.cases],
            [`按银行：${b.bank} 批准（万元）`, b.approved],
            [`按银行：${b.bank} 到位资金（万元）`, b.received],
          ]),
          ...figures.financingByCounty.flatMap((c): [string, number][] => [
            [`按区县：${countyName(c.countyCode)} 融资需求（万元）`, c.demand],
            [`按区县：${countyName(c.countyCode)} 到位资金（万元）`, c.received],
          ]),
          ...figures.financingByMonth.flatMap((m): [string, number][] => [
            [`按月：${m.month} 批准（万元）`, m.approved],
            [`按月：${m.month} 到位资金（万元）`, m.received],
          ]),
          [`${filter.expiringDays ?? DEFAULT_CERTIFICATE_WARNING_DAYS} 天内到期的绿色建材证书数`, t.certificatesExpiring],
          ['涉及明令淘汰产品的企业数', t.eliminatedFirms],
          ['其中已整改完毕的企业数', t.eliminatedFirmsResolved],
          ['包联企业数（截至期末）', t.assignedFirms],
          ['周期内已走访的包联企业数', t.assignedCovered],
          ['包联走访覆盖率（%）', t.coverageRate === null ? null : Math.round(t.coverageRate * 1000) / 10],
          ...figures.coverageByOfficer.flatMap((o): [string, number][] => [
            [`按包联专员：${o.officer} 包联企业数`, o.assigned],
            [`按包联专员：${o.officer} 周期内已走访`, o.covered],
          ]),
          ...figures.coverageByCounty.flatMap((c): [string, number][] => [
            [`按区县：${countyName(c.countyCode)} 包联企业数`, c.assigned],
            [`按区县：${countyName(c.countyCode)} 周期内已走访`, c.covered],
          ]),
          ['交办诉求数', t.demands.handed],
          ['已办结诉求数', t.demands.resolved],
          ['按时办结数', t.demands.onTime],
          ['按时办结率（%）', percent(t.demands.onTimeRate)],
          ['超期未办结（截至期末）', t.demands.overdue],
          ['平均办结用时（工作日）', t.demands.avgWorkingDays],
          ['回访数', t.demands.callbacks],
          ['满意（含基本满意）', t.demands.satisfied],
          ['满意率（%）', percent(t.demands.satisfactionRate)],
          ['延期诉求数', t.demands.extensions],
          ['升级前办结、无回访记录的问题数', t.demands.resolvedWithoutCallback],
          ...(t.demands.uncoveredYears.length ? [['未导入节假日安排的年份（按周末计算工作日）', t.demands.uncoveredYears.join('、')] as [string, string]] : []),
          ...(filter.passedOnly ? [['统计范围', '仅审核通过的走访'] as [string, string]] : []),
          ['举办活动次数', t.eventsHeld],
          ['活动覆盖企业数（到场）', t.firmsReached],
          ...figures.eventsByKind.flatMap((e): [string, number][] => [
            [`按活动类型：${z.eventKind[e.kind]} 次数`, e.events],
            [`按活动类型：${z.eventKind[e.kind]} 覆盖企业数`, e.firmsReached],
          ]),
        ];
      },
    },
    visits: {
      name: '走访',
      columns: [
        { header: '走访编号', width: 38 },
        { header: '企业名称', width: 30 },
        { header: '统一社会信用代码', width: 22 },
        { header: '区县', width: 10 },
        { header: '走访类型', width: 10 },
        { header: '走访日期', width: 12, kind: 'date' },
        { header: '服务专员', width: 14 },
        { header: '版本', width: 6, kind: 'integer' },
        { header: '问题数', width: 8, kind: 'integer' },
        { header: '融资需求（万元）', width: 16, kind: 'decimal' },
        // A diagnosis's figures (issue 26); empty on other visits.
        { header: '产值（万元）', width: 12, kind: 'decimal' },
        { header: '营业收入（万元）', width: 14, kind: 'decimal' },
        { header: '纳税（万元）', width: 12, kind: 'decimal' },
        { header: '员工人数', width: 10, kind: 'integer' },
        { header: '研发投入（万元）', width: 14, kind: 'decimal' },
        { header: '研发人员', width: 10, kind: 'integer' },
        { header: '有效专利数', width: 10, kind: 'integer' },
        { header: '绿色建材认证数', width: 12, kind: 'integer' },
        { header: '走访结论', width: 50 },
        { header: '审核状态', width: 14 },
      ],
      pages: () =>
        paged(
          (limit, after) => countedPage<CountedVisitRow>(db, counted.visits, limit, after),
          (v) => [v.id, v.firm_name, v.credit_code, countyName(v.county_code), z.visitKind[v.kind as keyof typeof z.visitKind], v.visit_date, v.officer, v.revision, v.problem_count, v.financing,
            ...diagnosisFigures(v.figures), v.conclusion, z.reviewState[v.review as keyof typeof z.reviewState] ?? ''],
        ),
    },
    financing: {
      name: '融资',
      columns: [
        { header: '企业名称', width: 30 },
        { header: '区县', width: 10 },
        { header: '提出需求日期', width: 12, kind: 'date' },
        { header: '融资需求（万元）', width: 14, kind: 'decimal' },
        { header: '银行', width: 26 },
        { header: '推荐日期', width: 12, kind: 'date' },
        { header: '银行答复', width: 10 },
        { header: '答复日期', width: 12, kind: 'date' },
        { header: '批准金额（万元）', width: 14, kind: 'decimal' },
        { header: '利率（%）', width: 10, kind: 'decimal' },
        { header: '期限（月）', width: 10, kind: 'integer' },
        { header: '未获批原因', width: 24 },
        { header: '到位资金（万元）', width: 14, kind: 'decimal' },
        { header: '首笔到位日期', width: 12, kind: 'date' },
      ],
      *pages() {
        const table = materializeFinancing(db, counted.visits);
        try {
          yield* paged(
            (limit, after) => countedPage<CountedFinancingRow>(db, table, limit, after),
            (f) => [f.firm_name, countyName(f.county_code), f.visit_date, f.need, f.bank ?? '', f.referred_on, f.answer ? z.financing.stage[f.answer] : '', f.answered_on, f.approved, f.rate, f.term_months, f.reason ?? '', f.received, f.first_funds],
          );
        } finally {
          db.exec(`DROP TABLE IF EXISTS temp.${table}`);
        }
      },
    },
    overdue: {
      name: '包联逾期',
      columns: [
        { header: '企业名称', width: 30 },
        { header: '区县', width: 10 },
        { header: '包联专员', width: 14 },
        { header: '最近走访', width: 12, kind: 'date' },
        { header: '应访日期', width: 12, kind: 'date' },
        { header: '逾期天数', width: 10, kind: 'integer' },
      ],
      *pages() {
        yield summary().overdueAssigned.map((o) => [o.name, countyName(o.countyCode), o.officer, o.lastVisit, o.dueDate, o.daysOverdue]);
      },
    },
    demands: {
      name: '督办',
      columns: [
        { header: '分组', width: 10 },
        { header: '名称', width: 24 },
        { header: '交办数', width: 8, kind: 'integer' },
        { header: '已办结', width: 8, kind: 'integer' },
        { header: '按时办结', width: 10, kind: 'integer' },
        { header: '按时办结率（%）', width: 14, kind: 'decimal' },
        { header: '超期未办结', width: 12, kind: 'integer' },
        { header: '平均办结用时（工作日）', width: 20, kind: 'decimal' },
        { header: '回访数', width: 8, kind: 'integer' },
        { header: '满意（含基本满意）', width: 16, kind: 'integer' },
        { header: '满意率（%）', width: 12, kind: 'decimal' },
        { header: '延期数', width: 8, kind: 'integer' },
      ],
      *pages() {
        const s = summary();
        const row = (group: string, name: string, r: Omit<DemandFigureRow, 'key'>) => [group, name, r.handed, r.resolved, r.onTime, percent(r.onTimeRate), r.overdue, r.avgWorkingDays, r.callbacks, r.satisfied, percent(r.satisfactionRate), r.extensions];
        yield [
          row('合计', '全部', s.totals.demands),
          ...s.demandsByCounty.map((r) => row('区县', countyName(r.key), r)),
          ...s.demandsByDepartment.map((r) => row('承办部门', r.key || '（未指定）', r)),
          ...s.demandsByOfficer.map((r) => row('责任专员', r.key, r)),
          ...s.demandsByCategory.map((r) => row('问题类别', z.problemCategory[r.key as keyof typeof z.problemCategory] ?? r.key, r)),
        ];
      },
    },
    problems: {
      name: '问题',
      columns: [
        { header: '企业名称', width: 30 },
        { header: '区县', width: 10 },
        { header: '问题类别', width: 12 },
        { header: '问题描述', width: 40 },
        { header: '希望获得的帮助', width: 30 },
        { header: '责任部门', width: 20 },
        { header: '紧急程度', width: 10 },
        { header: '办结时限', width: 12, kind: 'date' },
        { header: '状态', width: 10 },
        { header: '提出日期', width: 12, kind: 'date' },
        { header: '办结日期', width: 12, kind: 'date' },
      ],
      pages: () =>
        paged(
          (limit, after) => {
            if (!counted.problems) throw new Error('problems were not materialised for this export');
            return countedPage<CountedProblemRow>(db, counted.problems, limit, after);
          },
          (p) => [
            p.firm_name,
            countyName(p.county_code),
            z.problemCategory[p.category as keyof typeof z.problemCategory],
            p.description,
            p.help_requested,
            p.department,
            z.urgency[p.urgency as keyof typeof z.urgency],
            p.due_date,
            z.problemStatus[p.status as keyof typeof z.problemStatus],
            p.raised_on,
            p.resolved_at?.slice(0, 10) ?? null,
          ],
        ),
    },
    events: {
      name: '活动',
      columns: [
        { header: '活动编号', width: 38 },
        { header: '活动日期', width: 12, kind: 'date' },
        { header: '活动类型', width: 22 },
        { header: '活动名称', width: 30 },
        { header: '举办区县', width: 10 },
        { header: '地点', width: 24 },
        { header: '主办单位', width: 24 },
        { header: '参与的银行和机构', width: 30 },
        { header: '邀请企业数', width: 10, kind: 'integer' },
        { header: '到场企业数', width: 10, kind: 'integer' },
        { header: '到场企业', width: 40 },
        { header: '跟进问题数', width: 10, kind: 'integer' },
        { header: '服务专员', width: 14 },
        { header: '成效', width: 50 },
      ],
      pages: () =>
        paged(
          (limit, after) => countedEventsPage(db, filter, limit, after),
          (e) => {
            const a = JSON.parse(e.answers) as Record<string, unknown>;
            const firms = eventFirms(a);
            const organisations = Array.isArray(a.organisations) ? (a.organisations as { name?: string }[]).map((o) => o.name ?? '') : [];
            const came = firms.filter((f) => f.attended).map((f) => e.firmNames.get(f.firmId) ?? f.firmId);
            const kind = z.eventKind[a.eventKind as keyof typeof z.eventKind] ?? String(a.eventKind ?? '');
            return [e.id, e.visit_date, kind, String(a.title ?? ''), countyName(String(a.countyCode ?? '')), String(a.place ?? ''), String(a.organiser ?? ''), organisations.join('、'), firms.length, came.length, came.join('、'), eventUpdates(a).length, e.officer, String(a.outcomes ?? '')];
          },
        ),
    },
    firms: {
      name: '企业',
      columns: [
        { header: '企业名称', width: 30 },
        { header: '统一社会信用代码', width: 22 },
        { header: '区县', width: 10 },
        { header: '产业链环节', width: 14 },
        { header: '重点培育', width: 10 },
        { header: '专精特新', width: 16 },
        { header: '最近走访', width: 12, kind: 'date' },
      ],
      pages: () =>
        paged(
          (limit, after) =>
            db
              .prepare('SELECT rowid, name, credit_code, county_code, chain_segment, key_tier, zjtx_level, last_visit_date FROM firms WHERE (@c IS NULL OR county_code = @c) AND rowid > @after ORDER BY rowid LIMIT @limit')
              .all({ c: filter.countyCode ?? null, limit, after }) as { rowid: number; name: string; credit_code: string; county_code: string; chain_segment: string; key_tier: string; zjtx_level: string; last_visit_date: string | null }[],
          (f) => [
            f.name,
            f.credit_code,
            countyName(f.county_code),
            z.segment[f.chain_segment as keyof typeof z.segment],
            f.key_tier === 'none' ? '' : z.keyTier[f.key_tier as keyof typeof z.keyTier],
            f.zjtx_level === 'none' ? '' : z.zjtx[f.zjtx_level as keyof typeof z.zjtx],
            f.last_visit_date,
          ],
        ),
    },
  };
}
