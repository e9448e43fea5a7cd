import type { PushedVisit } from '../../shared/api/sync-protocol';
import { migrateServerStore } from '../../server/store/migrations';
import { openPglite } from '../../server/store/sql-client';
import { placedAsIs } from './server-ingest.bench';
import { VisitStore } from '../../server/store/visit-store';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { freePort, serverVisits, startCentralServer, tempDir } from '../fixtures/processes';
import { gzipPerVisitInBatches, perVisitAlternatives, sized, type Benchmark } from './harness';

/** Batching must send at most this share of what gzipping each visit alone would (set from measured runs with headroom). */
const GZIP_EACH_RATIO = 0.15;

const VISITS = sized(1000, 100);
const FIRMS = ['demo-01', 'demo-02', 'demo-03', 'demo-04', 'demo-05', 'demo-06'];

async function completeVisits(app: ReturnType<typeof testApp>, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: FIRMS[i % FIRMS.length]!, kind: 'diagnosis', answers: {} }));
    await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: `第 ${i} 次走访：建议召开银企对接会，协调解决用地指标。` }) }));
  }
}
const BATCH = 100;
const WARMUP = sized(200, 20);

/**
 * Push 1,000 completed visits from a laptop store to the central server process on
 * loopback, against the baseline of inserting the same rows straight into the
 * server's store (PGlite, same batches) in this process.
 */
export const syncPush: Benchmark = {
  name: 'sync-push',
  description: 'push 1,000 completed visits to the local central server',
  async run() {
    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    let bytesSent = 0;
    const countingFetch: typeof fetch = (input, init) => {
      if (init?.body instanceof Uint8Array) bytesSent += init.body.byteLength;
      return fetch(input, init);
    };
    const app = testApp({ serverUrl, sync: { fetch: countingFetch, batchSize: BATCH } });
    await completeVisits(app, VISITS);
    // A second laptop warms the server process up first, so the figure is the steady rate, not JIT start-up.
    const warmup = testApp({ serverUrl, sync: { batchSize: BATCH } });
    await completeVisits(warmup, WARMUP);
    const payloads = (app.db.prepare('SELECT payload FROM outbox ORDER BY id').all() as { payload: string }[]).map((r) => JSON.parse(r.payload) as PushedVisit);

    const server = await startCentralServer({ port });
    let pushSeconds: number;
    try {
      await expectOk(warmup.dispatch('sync.now', {}));
      const started = performance.now();
      const status = await expectOk<{ waiting: number }>(app.dispatch('sync.now', {}));
      pushSeconds = (performance.now() - started) / 1000;
      if (status.waiting !== 0) throw new Error(`push left ${status.waiting} visits waiting`);
      if ((await serverVisits(serverUrl)).total !== VISITS + WARMUP) throw new Error('server does not hold every visit');
    } finally {
      await server.stop();
      await app.close();
      await warmup.close();
    }

    const client = await openPglite(tempDir('bench-store'));
    await migrateServerStore(client);
    const store = new VisitStore(client);
    const started = performance.now();
    for (let i = 0; i < payloads.length; i += BATCH) await store.insertMany(payloads.slice(i, i + BATCH).map(placedAsIs), 'dev');
    const bareSeconds = (performance.now() - started) / 1000;
    await client.close();

    const alone = perVisitAlternatives(payloads);
    console.log(`  bytes per visit: as sent ${(bytesSent / VISITS).toFixed(0)}; each visit alone as plain JSON ${alone.plainJson.toFixed(0)}, gzipped ${alone.gzipEach.toFixed(0)}; the batches gzipped ${gzipPerVisitInBatches(payloads, BATCH).toFixed(0)}`);
    const bareRate = VISITS / bareSeconds;
    return [
      // The rate depends on the machine: judged against inserting the same rows straight into the store, in this run.
      { name: 'sync_push_1000_rate', value: VISITS / pushSeconds, unit: 'visits/s', goalRatio: 0.3, better: 'higher', baseline: bareRate },
      // Against the real alternative — each visit sent on its own, gzipped — not against the very batches the engine sends.
      { name: 'sync_push_bytes_per_visit', value: bytesSent / VISITS, unit: 'B/visit', goalRatio: GZIP_EACH_RATIO, better: 'lower', baseline: alone.gzipEach },
    ];
  },
};
