import { computeSummary } from '../../db/repositories/summary';
import { supervisionList } from '../../db/repositories/demands/supervision-list';
import { seedReportData } from './reports-data';
import { testApp } from '../fixtures/app';
import { p95Of, sized, type Benchmark } from './harness';

const VISITS = sized(50_000, 5_000);
const PROBLEMS = sized(120_000, 12_000);
const RUNS = sized(30, 5);

const p95 = (run: () => unknown): number => p95Of(run, RUNS, 3);

/** Three in five problems handed to a department a few days after they were raised; the resolved ones called back; some extended. */
const HAND_OVER = `UPDATE problems SET handed_on = date(substr(created_at, 1, 10), '+' || (rowid % 4) || ' days'),
    department = CASE rowid % 3 WHEN 0 THEN '市委金融办' WHEN 1 THEN '市财政局' ELSE '市自然资源和规划局' END WHERE rowid % 5 < 3;
  UPDATE problems SET resolved_on = date(substr(created_at, 1, 10), '+' || (5 + rowid % 36) || ' days'),
    callback = CASE WHEN rowid % 6 <> 0 THEN json_object('how', 'phone', 'on', substr(created_at, 1, 10), 'verdict', CASE rowid % 7 WHEN 0 THEN 'basic' ELSE 'satisfied' END, 'note', '') END
    WHERE status = 'resolved';
  UPDATE problems SET extension = json_object('days', 25, 'reason', '跨部门协调', 'by', '赵科长', 'at', created_at) WHERE handed_on IS NOT NULL AND rowid % 9 = 0;`;

/**
 * 督办 (issue 31): a supervisor's list of the city's open demands among 120,000 problems — each
 * one's light counted in working days, red first — against a plain indexed SELECT of the same
 * open problems in the same run; and the summary with the demand figures against the same
 * summary of the same store before any problem was handed (within 1.5×).
 */
export const supervision: Benchmark = {
  name: 'supervision',
  description: 'the 督办 list and the demand figures over 120,000 problems (50,000 visits), city-wide',
  async run() {
    const app = testApp({ demoData: false });
    seedReportData(app.db, VISITS, PROBLEMS);
    const filter = { from: '2026-01-01', to: '2026-11-30' };
    const today = '2026-11-30';
    // The baseline of the summary: the same store, nothing handed yet (the figures before issue 31 cost nothing more then).
    const summaryBefore = p95(() => computeSummary(app.db, filter));
    app.db.exec(HAND_OVER);
    const summary = computeSummary(app.db, filter);
    if (summary.totals.demands.handed < PROBLEMS / 5) throw new Error(`only ${summary.totals.demands.handed} demands counted`);
    // The same open problems, the same columns the list reads to rank them: what a list without lights would cost.
    const plain = app.db.prepare(`SELECT p.id, p.status, p.urgency, p.handed_on, p.taken_up_on, p.answered_on, p.resolved_on, p.extension FROM problems p JOIN firms f ON f.id = p.firm_id
      WHERE p.status != 'resolved' OR (p.callback IS NOT NULL AND p.closed_at IS NULL) ORDER BY p.handed_on`);
    const open = plain.all().length;
    const listed = supervisionList(app.db, { limit: 50, offset: 0 }, today);
    if (listed.total !== open || listed.items.length !== 50) throw new Error(`the 督办 list counted ${listed.total} of ${open} open demands`);
    const figures = [
      {
        name: 'supervision_list_120000_p95',
        value: p95(() => supervisionList(app.db, { limit: 50, offset: 0 }, today)),
        unit: 'ms',
        // Beyond reading (and ordering) the same rows: each one's deadlines in working days (memoised by day) and light, the sort, one page read whole.
        goalRatio: 3,
        better: 'lower' as const,
        baseline: p95(() => plain.all()),
      },
      { name: 'summary_with_demands_p95', value: p95(() => computeSummary(app.db, filter)), unit: 'ms', goalRatio: 1.5, better: 'lower' as const, baseline: summaryBefore },
    ];
    await app.close();
    return figures;
  },
};
