import { localToday } from '../../shared/domain/visit';
import { assignedFirms, setFirmOfficer } from '../../db/repositories/assignments';
import { testApp } from '../fixtures/app';
import { generateFirms, rng } from './generate';
import { percentile, sized, type Benchmark } from './harness';

const FIRMS = sized(20_000, 2_000);
const MINE = sized(500, 50);
const OFFICERS = 40;
const RUNS = sized(200, 20);

function p95(run: () => unknown): number {
  for (let i = 0; i < 5; i++) run(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return percentile(samples, 95);
}

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
