import { runLoad, type LoadReport } from '../fixtures/load-cluster';
import { TEST_DATABASE_URL } from '../fixtures/server-stores';
import { percentile, sized, type Benchmark } from './harness';

const LAPTOPS = sized(200, 20);
const VISITS_PER_LAPTOP = sized(50, 10);

/**
 * The throughput goal, as a ratio to one laptop pushing alone to the same cluster in the same
 * run, flat out: 200 laptops at once (with attachments and ten supervisors pulling) must get
 * at least this share of its rate through. One laptop alone reaches 2,700–3,000 visits/s on
 * this 2-core machine once warm, so the ratio asks for about the 2,000 visits/s here;
 * as a ratio it keeps its meaning on a slower machine, where both rates fall together.
 */
const THROUGHPUT_RATIO = 0.7;

/**
 * The steady run offers half the throughput goal (0.35 × the solo rate: about 1,000
 * visits/s here), laptops coming online evenly. Stated against the same-run baseline, so a
 * slower machine is offered a load it can take and the latency goal stays a statement about
 * the cluster, not about the box.
 */
const STEADY_SHARE_OF_GOAL = 0.5;

/**
 * The load test's run without the kill (tests/integration/load.test.ts): two instances on
 * one PostgreSQL behind a round-robin proxy, 200 laptops (each its own officer, store and
 * process share) pushing 50 visits each (a fifth with an attachment) while 10 city-wide
 * supervisors pull every 2 s. Laptops and supervisors run in processes of their own at a
 * lower CPU priority than the server side (load-cluster.ts CLIENT_NICE says why).
 *
 * Two runs, because one cannot measure both figures. All 200 laptops pushing at the same
 * instant measure what the cluster can take (aggregate visits/s until every visit is on
 * the server; against one laptop pushing alone to the same kind of cluster). But in that
 * run every batch waits behind the others — 10,000 visits at 2,000/s keep the last batch
 * waiting 5 s whatever the server does — so its latency says nothing. The latency an
 * officer feels is measured with the fleet coming online over a window, offering half the
 * throughput goal: the p99 of a visit batch then, as the laptops saw it (their own waits
 * included: 50 simulated laptops share each process), and as the servers' request log
 * timed it.
 */
export const loadLaptops: Benchmark = {
  name: 'load-200-laptops',
  description: `${LAPTOPS} laptops × ${VISITS_PER_LAPTOP} visits to two instances on PostgreSQL, 10 supervisors pulling`,
  async run() {
    if (!TEST_DATABASE_URL) {
      console.log('  (skipped: XUNLIAN_SKIP_POSTGRES=1)');
      return [];
    }
    const fleet = { laptops: LAPTOPS, visitsPerLaptop: VISITS_PER_LAPTOP, attachmentEvery: 5, attachmentBytes: 12_000, supervisors: 10, deadlineMs: 600_000 };
    // 2,000 visits (40 batches): with 500 the run was over in a third of a second, mostly warming up, and its rate varied by half between runs (1,178–1,778 visits/s).
    const solo = await runLoad({ ...fleet, laptops: 1, visitsPerLaptop: VISITS_PER_LAPTOP * 40, supervisors: 0 });
    const soloRate = solo.visits / solo.visitsSeconds;
    const burst = checked(await runLoad(fleet));
    console.log(`  burst: all settled (attachments too) after ${burst.seconds.toFixed(1)} s; statuses ${JSON.stringify(burst.statuses)}`);
    const steadyRate = STEADY_SHARE_OF_GOAL * THROUGHPUT_RATIO * soloRate;
    const arrivalWindowMs = ((LAPTOPS * VISITS_PER_LAPTOP) / steadyRate) * 1000;
    const steady = checked(await runLoad({ ...fleet, arrivalWindowMs }));
    console.log(`  steady: ${LAPTOPS} laptops over ${(arrivalWindowMs / 1000).toFixed(1)} s (${steadyRate.toFixed(0)} visits/s offered), all settled after ${steady.seconds.toFixed(1)} s; statuses ${JSON.stringify(steady.statuses)}`);
    console.log(`  steady: batches ${steady.batchLatencies.length}, laptop p50 ${percentile(steady.batchLatencies, 50).toFixed(0)} ms, server p50 ${percentile(steady.serverBatchMs, 50).toFixed(0)} ms; laptop processes' event-loop delay p99 ${steady.laptopLoopDelayP99.toFixed(0)} ms`);
    return [
      { name: 'load_200_laptops_visits_per_s', value: burst.visits / burst.visitsSeconds, unit: 'visits/s', goalRatio: THROUGHPUT_RATIO, better: 'higher' as const, baseline: soloRate },
      { name: 'load_200_laptops_batch_p99', value: percentile(steady.batchLatencies, 99), unit: 'ms', goal: 1000, better: 'lower' as const, goalReason: 'an officer waits at most a second per batch while the fleet syncs' },
      // The same batches timed inside the servers: what the cluster adds, without the simulated laptops' own waits.
      { name: 'load_200_laptops_server_batch_p99', value: percentile(steady.serverBatchMs, 99), unit: 'ms', goal: 1000, better: 'lower' as const, goalReason: 'the cluster’s share of that second' },
    ];
  },
};

function checked(report: LoadReport): LoadReport {
  if (report.laptopsSettled !== LAPTOPS || report.serverRows.distinct !== report.visits) throw new Error(`the load run did not deliver everything: ${JSON.stringify(report.serverRows)}`);
  return report;
}
