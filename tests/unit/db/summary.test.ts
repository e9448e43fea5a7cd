import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinancingCase } from '../../../shared/domain/financing';
import type { Summary } from '../../../shared/domain/summary';
import type { Visit } from '../../../shared/domain/visit';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { expectOk, fullAnswers, testApp } from '../../fixtures/app';

let now = new Date('2026-10-10T09:00:00+08:00');
let app: ReturnType<typeof testApp>;
const complete = async (firmId: string, answers: Record<string, unknown>, kind: Visit['kind'] = 'diagnosis') => {
  const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind, answers: {} }));
  return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
};
const problem = (category: string, dueDate?: string) => ({ id: uuidv7(), category, description: '问题', urgency: 'normal', ...(dueDate ? { dueDate } : {}) });

beforeAll(async () => {
  app = testApp({ now: () => now });
  // demo-01 (东昌府区, key): September diagnosis, financing 3000 with matchmaking, two problems.
  const a = await complete('demo-01', fullAnswers({ visitDate: '2026-09-05', problems: [problem('financing'), problem('land')] as never }));
  // demo-03 (茌平区, key): October diagnosis, financing 500 without matchmaking, one labour problem.
  await complete('demo-03', fullAnswers({ visitDate: '2026-10-02', problems: [problem('labour')] as never, financing: { amount: 500, termMonths: 12, wantsMatchmaking: false } }));
  // demo-06 (莘县, not key): an August visit, outside the range used below.
  await complete('demo-06', fullAnswers({ visitDate: '2026-08-01', problems: [problem('market')] as never }));
  // Follow-up on 2026-09-25 resolves the financing problem of demo-01 (20 days after the visit).
  now = new Date('2026-09-25T10:00:00+08:00');
  const financing = (a.answers.problems as { id: string; category: string }[]).find((p) => p.category === 'financing')!.id;
  const land = (a.answers.problems as { id: string; category: string }[]).find((p) => p.category === 'land')!.id;
  await complete('demo-01', { visitDate: '2026-09-25', peopleMet: '王', updates: [{ problemId: financing, status: 'resolved', note: '已放款', callback: { how: 'phone', on: '2026-09-25', verdict: 'satisfied', note: '' }, financing: { bank: '工商银行聊城分行', stage: 'funded', on: '2026-09-25', amount: 3000 } }, { problemId: land, status: 'in_progress', note: '办理中' }] }, 'followup');
  now = new Date('2026-10-10T09:00:00+08:00');
});
afterAll(() => app.close());

describe('summary counting rules', () => {
  it('counts visits, problems, resolution, financing, coverage and certifications as stated', async () => {
    const s = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-09-01', to: '2026-10-31' }));
    expect(s.totals).toEqual({
      visits: 3, // two diagnoses and the follow-up; the August visit is out of range
      firmsVisited: 2,
      keyFirms: 4,
      keyFirmsVisited: 2,
      keyFirmsNotVisited: 2, // demo-02 and demo-08 never visited
      problems: 3, // financing + land (demo-01), labour (demo-03)
      open: 1,
      inProgress: 1,
      resolved: 1,
      resolutionRate: 0.333,
      medianDaysToResolve: 20,
      financingDemand: 3500,
      financingReferred: 3000, // demo-01's need went to a bank; demo-03's did not
      financingApproved: 0, // funds were recorded without the bank's answer first
      financingReceived: 3000,
      demandMetShare: 0.857,
      medianDaysToFunds: 20,
      matchmakingFirms: 1,
      certificatesExpiring: 1, // the demo's two-star 预拌砂浆 certificate of demo-11, valid until 2026-11-24
      eliminatedFirms: 0,
      eliminatedFirmsResolved: 0,
      eventsHeld: 0,
      firmsReached: 0,
      // No firm is assigned in the demo data: no 包联 coverage to count.
      assignedFirms: 0,
      assignedCovered: 0,
      coverageRate: null,
      // Nothing handed to a department here; the financing problem was resolved with the firm's word (satisfied).
      demands: { handed: 0, resolved: 0, onTime: 0, onTimeRate: null, overdue: 0, avgWorkingDays: null, callbacks: 1, satisfied: 1, satisfactionRate: 1, extensions: 0, resolvedWithoutCallback: 0, uncoveredYears: [] },
    });
    expect(s.expiringCertificates).toEqual([{ firmId: 'demo-11', firmName: '茌平聚源粉煤灰综合利用有限公司', countyCode: '371503', product: '预拌砂浆', starLevel: 2, certificateNo: 'LJC-2024-GBM-0211', validUntil: '2026-11-24' }]);
    expect(s.visitsPerMonth).toEqual([
      { month: '2026-09', visits: 2 },
      { month: '2026-10', visits: 1 },
    ]);
    expect(s.visitsPerCounty).toEqual([
      { countyCode: '371502', visits: 2, firms: 1 },
      { countyCode: '371503', visits: 1, firms: 1 },
    ]);
    expect(s.problemsByCategory.map((p) => [p.category, p.open, p.inProgress, p.resolved])).toEqual([
      ['financing', 0, 0, 1],
      ['land', 0, 1, 0],
      ['labour', 1, 0, 0],
    ]);
    // Demo certificates valid on 2026-10-31: five three-star ones and demo-11's two-star one; the other two-star one expired in 2024.
    // And the three-star 预拌混凝土 certificate the diagnoses of demo-03 and demo-06 recorded, which became theirs (demo-01 had it).
    expect(s.certifications.reduce((n, c) => n + c.star3, 0)).toBe(7);
    expect(s.certifications.reduce((n, c) => n + c.star2, 0)).toBe(1);
  });

  it('a certificate counts up to and including its last valid day; it is expiring within the window after the period end', async () => {
    const certificate = (validUntil: string) => app.db.prepare(`INSERT INTO firm_certifications (id, firm_id, product, star_level, certificate_no, valid_until) VALUES (?, 'demo-12', '墙面涂料', 1, ?, ?)`).run(`t-${validUntil}`, `T-${validUntil}`, validUntil);
    certificate('2026-12-31'); // the last day of the period: still certified, and expiring
    certificate('2026-12-30'); // the day before: no longer certified on the period end
    certificate('2027-03-31'); // 90 days after the period end: expiring
    certificate('2027-04-01'); // 91 days: not yet
    try {
      const s = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-12-01', to: '2026-12-31' }));
      expect(s.certifications.reduce((n, c) => n + c.star1, 0)).toBe(3);
      expect(s.expiringCertificates.filter((c) => c.firmId === 'demo-12').map((c) => c.validUntil)).toEqual(['2026-12-31', '2027-03-31']);
      const wider = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-12-01', to: '2026-12-31', expiringDays: 91 }));
      expect(wider.totals.certificatesExpiring - s.totals.certificatesExpiring).toBe(1);
    } finally {
      app.db.prepare("DELETE FROM firm_certifications WHERE id LIKE 't-%'").run();
    }
  });

  it('counts firms with eliminated products and those whose every such problem is resolved', async () => {
    const banned = (description: string) => ({ ...problem('eliminated_product'), description, urgency: 'high' });
    const finding = (problemId: string) => ({ code: 'MOHURD-2024-P06', name: '纸胎油毡防水卷材', status: 'eliminated', use: 'makes', problemId });
    const p1 = banned('生产纸胎油毡');
    const p2 = banned('使用纸胎油毡');
    const a = await complete('demo-07', fullAnswers({ visitDate: '2026-06-05', problems: [p1] as never, eliminated: { findings: [finding(p1.id)] } as never }));
    await complete('demo-09', fullAnswers({ visitDate: '2026-06-06', problems: [p2] as never, eliminated: { findings: [finding(p2.id)] } as never }));
    const before = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-06-01', to: '2026-06-30' }));
    expect(before.totals).toMatchObject({ eliminatedFirms: 2, eliminatedFirmsResolved: 0 });
    expect(before.problemsByCategory).toEqual([{ category: 'eliminated_product', open: 2, inProgress: 0, resolved: 0 }]);
    now = new Date('2026-06-20T10:00:00+08:00');
    await complete('demo-07', { visitDate: '2026-06-20', peopleMet: '王', updates: [{ problemId: p1.id, status: 'resolved', note: '已停产，改用合规卷材', callback: { how: 'phone', on: '2026-06-20', verdict: 'satisfied', note: '' } }] }, 'followup');
    now = new Date('2026-10-10T09:00:00+08:00');
    const after = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-06-01', to: '2026-06-30' }));
    expect(after.totals).toMatchObject({ eliminatedFirms: 2, eliminatedFirmsResolved: 1 });
    expect(a.firmId).toBe('demo-07');
  });

  it('follows a financing need to the loan: each bank’s latest answer, tranches, share met, days to funds; an amendment replaces its step', async () => {
    now = new Date('2026-07-01T10:00:00+08:00');
    const need = { ...problem('financing'), description: '技改贷款' };
    await complete('demo-10', fullAnswers({ visitDate: '2026-07-01', problems: [need] as never, financing: { amount: 1000, termMonths: 24, wantsMatchmaking: true } }));
    const step = async (day: string, financing: Record<string, unknown>) => {
      now = new Date(`${day}T10:00:00+08:00`);
      return complete('demo-10', { visitDate: day, peopleMet: '经理', updates: [{ problemId: need.id, status: 'in_progress', note: '银行对接', financing: { on: day, ...financing } }] }, 'followup');
    };
    await step('2026-07-10', { bank: '甲银行', stage: 'referred' });
    await step('2026-07-20', { bank: '甲银行', stage: 'declined', reason: '抵押物不足' });
    await step('2026-07-25', { bank: '乙银行', stage: 'referred' });
    await step('2026-07-28', { bank: '乙银行', stage: 'approved', amount: 800, rate: 3.45, termMonths: 24 });
    await step('2026-08-05', { bank: '乙银行', stage: 'funded', amount: 500 });
    const second = await step('2026-08-10', { bank: '乙银行', stage: 'funded', amount: 200 });
    now = new Date('2026-10-10T09:00:00+08:00');
    const july = { from: '2026-07-01', to: '2026-07-31' };
    const s = await expectOk<Summary>(app.dispatch('summary.get', july));
    expect(s.totals).toMatchObject({ financingDemand: 1000, financingReferred: 1000, financingApproved: 800, financingReceived: 700, demandMetShare: 0.7, medianDaysToFunds: 35 });
    expect(s.financingByBank).toEqual([
      { bank: '乙银行', cases: 1, approved: 800, received: 700 },
      { bank: '甲银行', cases: 1, approved: 0, received: 0 },
    ]);
    expect(s.financingByMonth).toEqual([
      { month: '2026-07', approved: 800, received: 0 },
      { month: '2026-08', approved: 0, received: 700 },
    ]);
    expect(s.financingByCounty).toEqual([{ countyCode: '371502', demand: 1000, received: 700 }]);

    // The second tranche was 300, not 200: the amended follow-up replaces its step.
    await expectOk(app.dispatch('visits.amend', { id: second.id }));
    now = new Date('2026-08-11T10:00:00+08:00');
    await expectOk(app.dispatch('visits.complete', { id: second.id, answers: { ...second.answers, updates: [{ problemId: need.id, status: 'resolved', note: '资金全部到位', callback: { how: 'phone', on: '2026-08-10', verdict: 'satisfied', note: '' }, financing: { on: '2026-08-10', bank: '乙银行', stage: 'funded', amount: 300 } }] } }));
    now = new Date('2026-10-10T09:00:00+08:00');
    const amended = await expectOk<Summary>(app.dispatch('summary.get', july));
    expect(amended.totals).toMatchObject({ financingReceived: 800, demandMetShare: 0.8 });
    const [firmCase] = await expectOk<FinancingCase[]>(app.dispatch('financing.cases', { firmId: 'demo-10' }));
    expect(firmCase).toMatchObject({ visitDate: '2026-07-01', need: 1000, received: 800, met: false });
    expect(firmCase!.banks).toEqual([
      { bank: '甲银行', stage: 'declined', on: '2026-07-20', approved: 0, received: 0 },
      { bank: '乙银行', stage: 'funded', on: '2026-08-10', approved: 800, received: 800 },
    ]);
    const trail = await expectOk<{ financing: { bank: string; stage: string; amount: number | null }[] }>(app.dispatch('problems.get', { id: need.id }));
    expect(trail.financing.map((f) => `${f.bank}:${f.stage}:${f.amount ?? ''}`)).toEqual(['甲银行:referred:', '甲银行:declined:', '乙银行:referred:', '乙银行:approved:800', '乙银行:funded:500', '乙银行:funded:300']);
  });

  it('refuses bank progress on a problem that is not about financing, and an approval without its amount', async () => {
    now = new Date('2026-07-02T10:00:00+08:00');
    const market = problem('market');
    await complete('demo-12', fullAnswers({ visitDate: '2026-07-02', problems: [market] as never }));
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-12', kind: 'followup', answers: {} }));
    const followup = (financing: Record<string, unknown>) => ({ visitDate: '2026-07-02', peopleMet: '经理', updates: [{ problemId: market.id, status: 'in_progress', note: '对接', financing }] });
    expect(await app.dispatch('visits.complete', { id, answers: followup({ bank: '甲银行', stage: 'referred', on: '2026-07-02' }) })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { 'updates.0.financing': 'validation.financingOnlyForFinancing' } },
    });
    expect(await app.dispatch('visits.complete', { id, answers: followup({ bank: '甲银行', stage: 'approved', on: '2026-07-02' }) })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { 'updates.0.financing.amount': 'validation.required' } },
    });
    expect(app.db.prepare('SELECT COUNT(*) FROM financing_steps WHERE problem_id = ?').pluck().get(market.id)).toBe(0);
    now = new Date('2026-10-10T09:00:00+08:00');
  });

  it('narrows by county, kind and problem category; an empty filter is a valid empty summary', async () => {
    const county = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-09-01', to: '2026-10-31', countyCode: '371503' }));
    expect(county.totals).toMatchObject({ visits: 1, problems: 1, financingDemand: 500, keyFirms: 1 });
    const kind = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-09-01', to: '2026-10-31', kind: 'followup' }));
    expect(kind.totals.visits).toBe(1);
    const financing = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-09-01', to: '2026-10-31', problemCategory: 'financing' }));
    expect(financing.totals).toMatchObject({ problems: 1, resolved: 1, resolutionRate: 1 });
    const empty = await expectOk<Summary>(app.dispatch('summary.get', { from: '2020-01-01', to: '2020-12-31' }));
    expect(empty.totals).toMatchObject({ visits: 0, problems: 0, resolutionRate: null, medianDaysToResolve: null, financingDemand: 0 });
    expect(empty.visitsPerMonth).toEqual([]);
  });
});

describe('XLSX export of the summary', () => {
  it('has the summary, visits, problems and firms sheets, with real numbers and dates, frozen headers and filters; figures equal the SQL', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const { existsSync } = await import('node:fs');
    const filter = { from: '2026-09-01', to: '2026-10-31' };
    const outcome = await expectOk<{ status: string; path: string; rows: number }>(app.dispatch('exports.summaryXlsx', { filter, jobId: uuidv7() }));
    expect(outcome).toMatchObject({ status: 'saved', rows: 3 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(outcome.path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '走访', '问题', '融资', '企业', '活动', '包联逾期', '督办']);

    const figures = new Map<string, unknown>();
    wb.getWorksheet('汇总')!.eachRow((row, n) => n > 1 && figures.set(String(row.getCell(1).value), row.getCell(2).value));
    // Straight from SQL, independently of the summary code.
    const sql = (q: string) => app.db.prepare(q).pluck().get(filter) as number;
    // Independently of the summary code: the latest revision of each visit, by its visit date in the answers.
    const counted = `FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = (SELECT MAX(revision) FROM visit_revisions WHERE visit_id = v.id)
      WHERE json_extract(r.answers, '$.visitDate') BETWEEN @from AND @to`;
    expect(figures.get('走访次数')).toBe(sql(`SELECT COUNT(*) ${counted}`));
    expect(figures.get('走访企业数')).toBe(sql(`SELECT COUNT(DISTINCT v.firm_id) ${counted}`));
    expect(figures.get('问题数')).toBe(sql(`SELECT COUNT(*) FROM problems WHERE raised_visit_id IN (SELECT v.id ${counted})`));
    expect(figures.get('已解决')).toBe(sql(`SELECT COUNT(*) FROM problems WHERE status = 'resolved' AND raised_visit_id IN (SELECT v.id ${counted})`));
    expect(figures.get('融资需求（万元）')).toBe(sql(`SELECT SUM(json_extract(r.answers, '$.financing.amount')) ${counted} AND v.kind = 'diagnosis'`));
    expect(figures.get('办结率（%）')).toBeCloseTo(33.3, 1);

    const visits = wb.getWorksheet('走访')!;
    expect(visits.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(visits.autoFilter).toBeTruthy();
    expect(visits.getRow(1).getCell(2).value).toBe('企业名称');
    expect(visits.rowCount - 1).toBe(3);
    expect(visits.getRow(2).getCell(6).value).toBeInstanceOf(Date);
    const withFinancing = [2, 3, 4].map((r) => visits.getRow(r).getCell(10).value).filter((v) => v !== null);
    expect(withFinancing.every((v) => typeof v === 'number')).toBe(true);
    // Each visit row says where its review stands (none of these is reviewed yet).
    const last = visits.getRow(1).cellCount;
    expect(visits.getRow(1).getCell(last).value).toBe('审核状态');
    expect([2, 3, 4].map((r) => visits.getRow(r).getCell(last).value)).toEqual(['待审核', '待审核', '待审核']);
    expect(wb.getWorksheet('问题')!.rowCount - 1).toBe(3);
    expect(wb.getWorksheet('企业')!.rowCount - 1).toBe(12);
    expect(existsSync(`${outcome.path}.${process.pid}.partial`)).toBe(false);
  });

  it('a cancelled export leaves no file behind and the earlier file untouched', async () => {
    const { existsSync, readFileSync, readdirSync } = await import('node:fs');
    const target = join(app.dataDir, 'export.csv'); // where the test platform saves every export
    const before = existsSync(target) ? readFileSync(target) : null;
    const jobId = uuidv7();
    await expectOk(app.dispatch('exports.cancel', { jobId }));
    const result = await app.dispatch('exports.summaryXlsx', { filter: { from: '2026-01-01', to: '2026-12-31' }, jobId });
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(readdirSync(app.dataDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(existsSync(target) ? readFileSync(target) : null).toEqual(before);
  });

  it('writes each table as CSV with a BOM: the same rows and numbers as the workbook', async () => {
    const { readFileSync } = await import('node:fs');
    const filter = { from: '2026-09-01', to: '2026-10-31' };
    const out = await expectOk<{ path: string; rows: number }>(app.dispatch('exports.summaryCsv', { filter, table: 'summary', jobId: uuidv7() }));
    const text = readFileSync(out.path, 'utf8');
    expect(text.startsWith('\uFEFF指标,数值\r\n')).toBe(true);
    expect(text).toContain('走访次数,3\r\n');
    expect(text).toContain('融资需求（万元）,3500\r\n');
    const problems = await expectOk<{ path: string; rows: number }>(app.dispatch('exports.summaryCsv', { filter, table: 'problems', jobId: uuidv7() }));
    expect(problems.rows).toBe(3);
    expect(readFileSync(problems.path, 'utf8')).toContain('聊城预拌混凝土有限公司,东昌府区,融资');
  });
});
