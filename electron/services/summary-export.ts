import ExcelJS from 'exceljs';
import { rename, rm } from 'node:fs/promises';
import { AppError } from '../../shared/api/errors';
import { countyName } from '../../shared/domain/divisions';
import type { SummaryFilter } from '../../shared/domain/summary';
import { zhCN } from '../../shared/i18n/zh-CN';
import { computeSummary, countCounted, countedProblemsPage, countedVisitsPage } from '../../db/repositories/summary';
import type { ServiceContext } from './context';

const PAGE = 2000;
const z = zhCN;

/** Export jobs the officer may cancel; a cancelled job removes its temporary file. */
export class ExportJobs {
  private readonly cancelled = new Set<string>();
  cancel(jobId: string): void {
    this.cancelled.add(jobId);
  }
  check(jobId: string): void {
    if (this.cancelled.delete(jobId)) throw new AppError('CANCELLED', 'The export was cancelled; no file was written.');
  }
}

const asDate = (iso: string | null | undefined): Date | null => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

/**
 * The summary as an XLSX workbook (exceljs streaming writer, so 50,000 visits do
 * not sit in memory): sheets 汇总, 走访, 问题, 企业 with Chinese headers, real number and
 * date cells, frozen header rows, column widths and autofilters. Written to a
 * temporary file and renamed at the end: a cancelled or failed export leaves nothing.
 */
export async function writeSummaryXlsx(ctx: ServiceContext, filter: SummaryFilter, path: string, jobId: string, jobs: ExportJobs): Promise<number> {
  const tmp = `${path}.${process.pid}.partial`;
  const counts = countCounted(ctx.db, filter);
  const total = counts.visits + counts.problems;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    ctx.events.emit('export.progress', { jobId, done, total });
    jobs.check(jobId);
  };
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
    wb.creator = 'Xunlian 巡链';
    const sheet = (name: string, columns: Partial<ExcelJS.Column>[]) => {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = columns;
      ws.getRow(1).font = { bold: true };
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
      return ws;
    };

    const summary = computeSummary(ctx.db, filter);
    const t = summary.totals;
    const overview = sheet('汇总', [
      { header: '指标', key: 'name', width: 28 },
      { header: '数值', key: 'value', width: 18 },
    ]);
    const figure = (name: string, value: number | string | null, numFmt?: string) => {
      const row = overview.addRow({ name, value: value ?? '—' });
      if (numFmt && typeof value === 'number') row.getCell('value').numFmt = numFmt;
      row.commit();
    };
    figure('走访日期自', filter.from);
    figure('走访日期至', filter.to);
    if (filter.countyCode) figure('区县', countyName(filter.countyCode));
    figure('走访次数', t.visits, '0');
    figure('走访企业数', t.firmsVisited, '0');
    figure('重点企业数', t.keyFirms, '0');
    figure('已走访重点企业数', t.keyFirmsVisited, '0');
    figure('未走访重点企业数', t.keyFirmsNotVisited, '0');
    figure('问题数', t.problems, '0');
    figure('待解决', t.open, '0');
    figure('办理中', t.inProgress, '0');
    figure('已解决', t.resolved, '0');
    figure('办结率', t.resolutionRate, '0.0%');
    figure('办结用时中位数（天）', t.medianDaysToResolve, '0.0');
    figure('融资需求（万元）', t.financingDemand, '#,##0.00');
    figure('希望银企对接的企业数', t.matchmakingFirms, '0');
    overview.commit();

    const visits = sheet('走访', [
      { header: '走访编号', key: 'id', width: 38 },
      { header: '企业名称', key: 'firm', width: 30 },
      { header: '统一社会信用代码', key: 'code', width: 22 },
      { header: '区县', key: 'county', width: 10 },
      { header: '走访类型', key: 'kind', width: 10 },
      { header: '走访日期', key: 'date', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
      { header: '服务专员', key: 'officer', width: 14 },
      { header: '版本', key: 'revision', width: 6 },
      { header: '问题数', key: 'problems', width: 8 },
      { header: '融资需求（万元）', key: 'financing', width: 16, style: { numFmt: '#,##0.00' } },
      { header: '走访结论', key: 'conclusion', width: 50 },
    ]);
    for (let offset = 0; ; offset += PAGE) {
      const page = countedVisitsPage(ctx.db, filter, PAGE, offset);
      if (page.length === 0) break;
      for (const v of page) {
        const a = JSON.parse(v.answers) as { problems?: unknown[]; financing?: { amount?: number }; conclusion?: string; summary?: string };
        visits
          .addRow({
            id: v.id,
            firm: v.firm_name,
            code: v.credit_code,
            county: countyName(v.county_code),
            kind: z.visitKind[v.kind as keyof typeof z.visitKind],
            date: asDate(v.visit_date),
            officer: v.officer,
            revision: v.revision,
            problems: a.problems?.length ?? 0,
            financing: a.financing?.amount ?? null,
            conclusion: a.conclusion ?? a.summary ?? '',
          })
          .commit();
      }
      progress(page.length);
      await new Promise((r) => setImmediate(r)); // let autosaves and cancel requests in between pages
    }
    visits.commit();

    const problems = sheet('问题', [
      { header: '企业名称', key: 'firm', width: 30 },
      { header: '区县', key: 'county', width: 10 },
      { header: '问题类别', key: 'category', width: 12 },
      { header: '问题描述', key: 'description', width: 40 },
      { header: '希望获得的帮助', key: 'help', width: 30 },
      { header: '责任部门', key: 'department', width: 20 },
      { header: '紧急程度', key: 'urgency', width: 10 },
      { header: '办结时限', key: 'due', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
      { header: '状态', key: 'status', width: 10 },
      { header: '提出日期', key: 'raised', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
      { header: '办结日期', key: 'resolved', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
    ]);
    for (let offset = 0; ; offset += PAGE) {
      const page = countedProblemsPage(ctx.db, filter, PAGE, offset);
      if (page.length === 0) break;
      for (const p of page) {
        problems
          .addRow({
            firm: p.firm_name,
            county: countyName(p.county_code),
            category: z.problemCategory[p.category as keyof typeof z.problemCategory],
            description: p.description,
            help: p.help_requested,
            department: p.department,
            urgency: z.urgency[p.urgency as keyof typeof z.urgency],
            due: asDate(p.due_date),
            status: z.problemStatus[p.status as keyof typeof z.problemStatus],
            raised: asDate(p.raised_on),
            resolved: asDate(p.resolved_at),
          })
          .commit();
      }
      progress(page.length);
      await new Promise((r) => setImmediate(r));
    }
    problems.commit();

    const firms = sheet('企业', [
      { header: '企业名称', key: 'name', width: 30 },
      { header: '统一社会信用代码', key: 'code', width: 22 },
      { header: '区县', key: 'county', width: 10 },
      { header: '产业链环节', key: 'segment', width: 14 },
      { header: '重点培育', key: 'tier', width: 10 },
      { header: '专精特新', key: 'zjtx', width: 16 },
      { header: '最近走访', key: 'last', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
    ]);
    const firmRows = ctx.db
      .prepare('SELECT name, credit_code, county_code, chain_segment, key_tier, zjtx_level, last_visit_date FROM firms WHERE (@c IS NULL OR county_code = @c) ORDER BY county_code, name')
      .all({ c: filter.countyCode ?? null }) as { name: string; credit_code: string; county_code: string; chain_segment: string; key_tier: string; zjtx_level: string; last_visit_date: string | null }[];
    for (const f of firmRows) {
      firms
        .addRow({
          name: f.name,
          code: f.credit_code,
          county: countyName(f.county_code),
          segment: z.segment[f.chain_segment as keyof typeof z.segment],
          tier: f.key_tier === 'none' ? '' : z.keyTier[f.key_tier as keyof typeof z.keyTier],
          zjtx: f.zjtx_level === 'none' ? '' : z.zjtx[f.zjtx_level as keyof typeof z.zjtx],
          last: asDate(f.last_visit_date),
        })
        .commit();
    }
    firms.commit();
    jobs.check(jobId);
    await wb.commit();
    await rename(tmp, path);
    return counts.visits;
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
