import { localToday } from '../../shared/domain/visit';
import { assignedFirms, setFirmOfficer, setFirmOfficerPeriods } from '../../db/repositories/assignments';
import { coverageOf } from '../../db/repositories/summary-coverage';
import { computeSummary } from '../../db/repositories/summary';
import { seedReportData } from './reports-data';
import { testApp } from '../fixtures/app';
import { generateFirms, rng } from './generate';
import { p95Of, sized, type Benchmark } from './harness';

const FIRMS = sized(20_000, 2_000);
const MINE = sized(500, 50);
const OFFICERS = 40;
const RUNS = sized(200, 20);

const p95 = (run: () => unknown): number => p95Of(run, RUNS);

/**
 * 我的包联企业 (issue 30): the due list of an officer with 500 assigned firms among 20,000 —
 * days since the last visit, due date by the tier's cadence, open problems, most urgent first —
 * against a plain indexed SELECT of the same officer's assigned firms in the same run.
 */
export const dueList: Benchmark = {
  name: 'due-list',
  description: 'the due list of an officer with 500 assigned firms among 20,000',
  async run() {
    const app = testApp({ demoData: false });
    const firms = generateFirms(app.db, FIRMS);
    const random = rng(30);
    const today = localToday();
    app.db.transaction(() => {
      const visited = app.db.prepare('UPDATE firms SET last_visit_date = ? WHERE id = ?');
      const problem = app.db.prepare(`INSERT INTO problems (id, firm_id, category, description, help_requested, department, urgency, due_date, status, raised_visit_id, created_at, updated_at) VALUES (?, ?, 'financing', '流动资金紧张', '', '', 'normal', NULL, ?, 'bench-visit', ?, ?)`);
      firms.forEach((f, i) => {
        // The officer's 500 firms first, the rest spread over 39 colleagues.
        const officer = i < MINE ? 'wang' : `officer-${i % (OFFICERS - 1)}`;
        setFirmOfficer(app.db, f.id, { username: officer, name: officer, since: '2026-01-05' });
        if (random() < 0.7) visited.run(new Date(Date.now() - Math.floor(random() * 200) * 86_400_000).toISOString().slice(0, 10), f.id);
        if (random() < 0.2) problem.run(`p-${i}`, f.id, random() < 0.5 ? 'open' : 'resolved', today, today);
      });
    })();
    const plain = app.db.prepare(`SELECT f.id, f.name, f.county_code, f.key_tier, f.last_visit_date, o.since FROM firm_officers o JOIN firms f ON f.id = o.firm_id WHERE o.username = ?`);
    const listed = assignedFirms(app.db, 'wang', today).items.length;
    if (listed !== MINE) throw new Error(`the due list holds ${listed} firms, not ${MINE}`);
    const figure = {
      name: 'due_list_500_of_20000_p95',
      value: p95(() => assignedFirms(app.db, 'wang', today)),
      unit: 'ms',
      // Beyond the plain SELECT: each firm's open problems (an index probe each), its due date, and the sort — a list that opens at once.
      goalRatio: 4.5,
      better: 'lower' as const,
      baseline: p95(() => plain.all('wang')),
    };
    await app.close();
    return [figure];
  },
};

/**
 * The city's 包联 coverage figure at a period's end (20,000 assigned firms, 50,000 visits):
 * the officer in force then, each firm's latest visit, its cadence — against the same run's
 * summary refresh over the same store before any firm was assigned (issue 30: within 1.5×).
 */
export const coverage: Benchmark = {
  name: 'coverage',
  description: '包联 coverage of 20,000 assigned firms with 50,000 visits and 120,000 problems, city-wide',
  async run() {
    const app = testApp({ demoData: false });
    seedReportData(app.db, sized(50_000, 5_000), sized(120_000, 12_000));
    generateFirms(app.db, FIRMS - 2_000, 31);
    const filter = { from: '2026-01-01', to: '2026-11-30' };
    // The baseline: the summary refresh of the same store before any firm was assigned (the figures a supervisor had).
    const baseline = p95(() => computeSummary(app.db, filter));
    const ids = app.db.prepare('SELECT id FROM firms').pluck().all() as string[];
    app.db.transaction(() => {
      ids.forEach((id, i) => {
        // Assigned in early 2025; every third firm handed over in mid-2026.
        const periods = [{ username: `officer-${i % OFFICERS}`, name: `专员${i % OFFICERS}`, since: '2025-01-15' }];
        if (i % 3 === 0) periods.push({ username: `officer-${(i + 1) % OFFICERS}`, name: `专员${(i + 1) % OFFICERS}`, since: '2026-06-01' });
        setFirmOfficerPeriods(app.db, id, periods);
      });
    })();
    if (coverageOf(app.db, filter).assigned !== ids.length) throw new Error('coverage counted the wrong firms');
    const figure = { name: 'coverage_city_p95', value: p95(() => coverageOf(app.db, filter)), unit: 'ms', goalRatio: 1.5, better: 'lower' as const, baseline };
    await app.close();
    return [figure];
  },
};
