import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../shared/domain/summary';
import type { Visit } from '../../shared/domain/visit';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { eventAnswers, expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';

/**
 * Supervisors open the workbook in Excel, WPS or LibreOffice. LibreOffice (Debian's
 * libreoffice-calc-nogui) converts every sheet to CSV headless: it must read the
 * file without complaint, with the figures, dates as dates (shown in the sheet's
 * yyyy-mm-dd format) and amounts as numbers.
 */
const outDir = tempDir('xlsx-lo');
const workbook = join(outDir, 'summary.xlsx');
const app = testApp({ now: () => new Date('2026-11-25T09:00:00+08:00'), platform: fixedPathPlatform(workbook) });
afterAll(() => app.close());

async function complete(firmId: string, answers: Record<string, unknown>): Promise<Visit> {
  const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind: 'diagnosis', answers: {} }));
  return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
}

/** LibreOffice's CSV export of every sheet (last filter option -1), cells as shown (9th option): number formats applied. */
function sheetsAsCsv(file: string): Map<string, string[]> {
  const profile = pathToFileURL(tempDir('lo-profile')).href; // its own profile: no clash with another soffice
  execFileSync(
    'soffice',
    [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', outDir, file],
    { stdio: 'pipe', timeout: 90_000 },
  );
  const sheets = new Map<string, string[]>();
  for (const name of readdirSync(outDir).filter((f) => f.endsWith('.csv'))) {
    sheets.set(name.replace(/^summary-/, '').replace(/\.csv$/, ''), readFileSync(join(outDir, name), 'utf8').trim().split(/\r?\n/));
  }
  return sheets;
}

describe('the summary workbook in LibreOffice', () => {
  it('opens with its eight sheets, figures, dates and amounts as the app counted them', async () => {
    const diagnosis = await complete('demo-01', fullAnswers({ visitDate: '2026-11-20' }));
    const needId = (diagnosis.answers.problems as { id: string }[])[0]!.id;
    await complete('demo-03', fullAnswers({ visitDate: '2026-11-21', financing: { amount: 500, termMonths: 12, wantsMatchmaking: false } }));
    const { id: eventId } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: null, kind: 'event', answers: {} }));
    await expectOk(app.dispatch('visits.complete', { id: eventId, answers: eventAnswers([{ firmId: 'demo-01' }, { firmId: 'demo-02', attended: false }], { visitDate: '2026-11-22' }) }));
    // demo-01's need: approved by a bank typed by its short name (counted as the list's bank).
    const { id: followupId } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'followup', answers: {} }));
    await expectOk(app.dispatch('visits.complete', { id: followupId, answers: { visitDate: '2026-11-23', peopleMet: '王', updates: [{ problemId: needId, status: 'in_progress', note: '农行已批', financing: { bank: '农行', stage: 'approved', on: '2026-11-23', amount: 2000, rate: 3.45, termMonths: 36 } }] } }));
    const filter = { from: '2026-11-01', to: '2026-11-30' };
    const summary = await expectOk<Summary>(app.dispatch('summary.get', filter));
    await expectOk(app.dispatch('exports.summaryXlsx', { filter, jobId: uuidv7() }));

    const sheets = sheetsAsCsv(workbook);
    expect([...sheets.keys()].sort()).toEqual(['企业', '问题', '汇总', '走访', '活动', '融资', '包联逾期', '督办'].sort());
    // No firm is assigned here: the 包联逾期 sheet has its header row only.
    expect(sheets.get('包联逾期')).toEqual(['企业名称,区县,包联专员,最近走访,应访日期,逾期天数']);
    // 督办 (issue 31): the header, then the totals row (nothing handed here).
    expect(sheets.get('督办')?.slice(0, 2)).toEqual(['分组,名称,交办数,已办结,按时办结,按时办结率（%）,超期未办结,平均办结用时（工作日）,回访数,满意（含基本满意）,满意率（%）,延期数', '合计,全部,0,0,0,,0,,0,0,,0']);
    const figures = new Map(sheets.get('汇总')!.slice(1).map((line) => line.split(',') as [string, string]));
    expect(figures.get('走访次数')).toBe(String(summary.totals.visits));
    expect(figures.get('问题数')).toBe(String(summary.totals.problems));
    expect(figures.get('融资需求（万元）')).toBe('3500'); // a number cell: no quotes, no text
    const visits = sheets.get('走访')!;
    expect(visits).toHaveLength(1 + summary.totals.visits);
    expect(visits[0]).toContain('企业名称');
    expect(visits[1]).toMatch(/,2026-11-20,/); // a date cell shown in its yyyy-mm-dd format
    expect(visits.join('\n')).toContain('3,000.00'); // the decimal format #,##0.00 applied by LibreOffice
    // A diagnosis's figures: output, revenue, taxes, employees, R&D spend and staff, patents, certificates.
    expect(visits[0]).toContain('产值（万元）,营业收入（万元）,纳税（万元）,员工人数,研发投入（万元）,研发人员,有效专利数,绿色建材认证数');
    expect(visits.find((l) => l.includes('2026-11-20'))).toContain(',"52,000.00","48,000.00","2,100.00",320,"1,500.00",35,27,1,'); // numbers shown as formatted (quoted by the CSV)
    // 融资: one row per case and bank; demo-03's need not referred yet has a row without a bank.
    const financing = sheets.get('融资')!;
    expect(financing).toHaveLength(3);
    expect(financing.find((l) => l.startsWith('聊城预拌混凝土有限公司'))).toBe('聊城预拌混凝土有限公司,东昌府区,2026-11-20,"3,000.00",中国农业银行聊城分行,,银行已批准,2026-11-23,"2,000.00",3.45,36,,,');
    expect(financing.find((l) => !l.startsWith('聊城预拌混凝土有限公司') && !l.startsWith('企业名称'))).toBe('茌平鑫源装配式建筑科技有限公司,茌平区,2026-11-21,500.00,,,,,,,,,,');
    expect(figures.get('银行已批准（万元）')).toBe('2000');
    expect(sheets.get('问题')!.length - 1).toBe(summary.totals.problems);
    // The event: one row, its date a date cell, invited 2 and came 1 as numbers, as the summary counts it.
    const events = sheets.get('活动')!;
    expect(events).toHaveLength(1 + summary.totals.eventsHeld);
    expect(events[1]).toMatch(new RegExp(`^${eventId},2026-11-22,金融支持座谈会（银企对接）,金融支持建筑建材行业座谈会,东昌府区,`));
    expect(events[1]).toMatch(/,2,1,聊城预拌混凝土有限公司,0,/);
    expect(figures.get('举办活动次数')).toBe('1');
  }, 120_000);
});
