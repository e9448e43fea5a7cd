import { runLoad } from '../fixtures/load-cluster';
import { TEST_DATABASE_URL } from '../fixtures/server-stores';
import { percentile, sized, type Benchmark } from './harness';

const LAPTOPS = sized(200, 20);
const VISITS_PER_LAPTOP = sized(50, 10);

/**
 * The load test's run without the kill (tests/integration/load.test.ts): two instances on
 * one PostgreSQL behind a round-robin proxy, 200 laptops pushing 50 visits each (a fifth
 * with an attachment) while 10 supervisors pull. Aggregate visits/s until every visit is on
 * the server, and the p99 latency of a visit batch, against one laptop pushing alone to
 * the same kind of cluster in the same run.
 */
export const loadLaptops: Benchmark = {
  name: 'load-200-laptops',
  description: `${LAPTOPS} laptops × ${VISITS_PER_LAPTOP} visits to two instances on PostgreSQL, 10 supervisors pulling`,
  async run() {
    if (!TEST_DATABASE_URL) {
      console.log('  (skipped: needs PostgreSQL — set XUNLIAN_TEST_DATABASE_URL, e.g. $(build/test-postgres.sh start))');
      return [];
    }
    const solo = await runLoad({ laptops: 1, visitsPerLaptop: VISITS_PER_LAPTOP * 10, attachmentEvery: 5, attachmentBytes: 12_000, supervisors: 0, deadlineMs: 300_000 });
    const soloRate = solo.visits / solo.visitsSeconds;
    const load = await runLoad({ laptops: LAPTOPS, visitsPerLaptop: VISITS_PER_LAPTOP, attachmentEvery: 5, attachmentBytes: 12_000, supervisors: 10, deadlineMs: 600_000 });
    if (load.laptopsSettled !== LAPTOPS || load.serverRows.distinct !== load.visits) throw new Error(`the load run did not deliver everything: ${JSON.stringify(load.serverRows)}`);
    console.log(`  all settled (attachments too) after ${load.seconds.toFixed(1)} s; statuses ${JSON.stringify(load.statuses)}`);
    return [
      { name: 'load_200_laptops_visits_per_s', value: load.visits / load.visitsSeconds, unit: 'visits/s', goal: 2000, better: 'higher' as const, baseline: soloRate },
      { name: 'load_200_laptops_batch_p99', value: percentile(load.batchLatencies, 99), unit: 'ms', goal: 1000, better: 'lower' as const },
    ];
  },
};
