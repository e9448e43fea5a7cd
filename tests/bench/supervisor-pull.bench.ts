import { gzipSync } from 'node:zlib';
import { pullVisits } from '../../electron/sync/visit-pull';
import { testApp } from '../fixtures/app';
import { DEV_TOKEN, freePort, startCentralServer } from '../fixtures/processes';
import { sized, type Benchmark } from './harness';
import { makeVisits } from './server-ingest.bench';

const VISITS = sized(5000, 500);

/**
 * A supervisor's first pull of the consolidated visits: pages of 500 from the local
 * server process into the laptop's store (visits, revisions, problems, firms' last
 * visit). Baseline in the same run: fetching and parsing the same pages, storing nothing.
 */
export const supervisorPull: Benchmark = {
  name: 'supervisor-pull',
  description: `a supervisor pulls ${VISITS.toLocaleString('en')} visits from the local central server`,
  async run() {
    const server = await startCentralServer({ port: await freePort() });
    const app = testApp();
    try {
      const visits = await makeVisits(VISITS);
      for (let i = 0; i < visits.length; i += 100) {
        const res = await fetch(`${server.url}/api/v1/visits/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body: gzipSync(JSON.stringify({ protocol: 1, visits: visits.slice(i, i + 100) })),
        });
        if (res.status !== 200) throw new Error(`seeding the server failed: HTTP ${res.status}`);
      }
      let start = performance.now();
      let fetched = 0;
      for (let cursor = '0'; ; ) {
        const res = await fetch(`${server.url}/api/v1/visits/changes?cursor=${cursor}`, { headers: { authorization: `Bearer ${DEV_TOKEN}` } });
        const page = (await res.json()) as { visits: unknown[]; cursor: string; more: boolean };
        fetched += page.visits.length;
        cursor = page.cursor;
        if (!page.more) break;
      }
      const fetchRate = (fetched / (performance.now() - start)) * 1000;
      start = performance.now();
      const pulled = await pullVisits(app.db, { serverUrl: server.url, token: DEV_TOKEN, timeoutMs: 60_000 });
      const pullRate = (pulled / (performance.now() - start)) * 1000;
      if (pulled !== VISITS) throw new Error(`pulled ${pulled} of ${VISITS}`);
      return [{ name: 'supervisor_pull_rate', value: pullRate, unit: 'visits/s', goalRatio: 0.28, better: 'higher', baseline: fetchRate }];
    } finally {
      await app.close();
      await server.stop();
    }
  },
};
