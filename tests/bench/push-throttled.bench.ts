import { gzipSync } from 'node:zlib';
import type { PushedVisit } from '../../shared/api/sync-protocol';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { startFaultProxy } from '../fixtures/fault-proxy';
import { freePort, serverVisits, startCentralServer } from '../fixtures/processes';
import type { Benchmark } from './harness';

const VISITS = 5000;
const BYTES_PER_SECOND = 256_000 / 8; // 256 kbit/s
const ONE_WAY_MS = 150; // 300 ms round trip

/**
 * Push 5,000 completed visits through a link throttled to 256 kbit/s with a 300 ms
 * round trip: how much of the link the push uses (bytes on the wire ÷ bandwidth,
 * over the elapsed time), and bytes per visit against the gzip size of one visit's
 * JSON on its own.
 */
export const pushThrottled: Benchmark = {
  name: 'push-throttled',
  description: 'push 5,000 visits over 256 kbit/s with 300 ms round trip',
  async run() {
    const server = await startCentralServer({ port: await freePort() });
    const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: Number(new URL(server.url).port) }, bytesPerSecond: BYTES_PER_SECOND, oneWayDelayMs: ONE_WAY_MS });
    const app = testApp({ serverUrl: proxy.url, sync: { timeoutMs: 120_000 } });
    try {
      const firms = ['demo-01', 'demo-02', 'demo-03', 'demo-04', 'demo-05'];
      for (let i = 0; i < VISITS; i++) {
        const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: firms[i % firms.length]!, kind: 'diagnosis', answers: {} }));
        await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: `第 ${i} 次走访：建议召开银企对接会` }) }));
      }
      const payloads = (app.db.prepare('SELECT payload FROM outbox').pluck().all() as string[]).map((p) => JSON.parse(p) as PushedVisit);
      const gzipAlone = payloads.reduce((sum, p) => sum + gzipSync(JSON.stringify(p)).byteLength, 0) / payloads.length;
      const start = performance.now();
      const status = await expectOk<{ waiting: number }>(app.dispatch('sync.now', {}));
      const seconds = (performance.now() - start) / 1000;
      if (status.waiting !== 0 || (await serverVisits(server.url)).total !== VISITS) throw new Error('the push did not deliver every visit');
      const wire = proxy.stats.bytesUp + proxy.stats.bytesDown;
      const linkSeconds = Math.max(proxy.stats.bytesUp, proxy.stats.bytesDown) / BYTES_PER_SECOND;
      return [
        { name: 'push_throttled_link_use', value: linkSeconds / seconds, unit: 'of link capacity', goal: 0.8, better: 'higher', baseline: 1 },
        { name: 'push_throttled_seconds', value: seconds, unit: 's', goal: (linkSeconds / 0.8), better: 'lower', baseline: linkSeconds },
        { name: 'push_throttled_bytes_per_visit', value: proxy.stats.bytesUp / VISITS, unit: 'B/visit', goal: 1.2 * gzipAlone, better: 'lower', baseline: gzipAlone },
        { name: 'push_throttled_wire_bytes', value: wire, unit: 'B', goal: 1.2 * gzipAlone * VISITS, better: 'lower' },
      ];
    } finally {
      await app.close();
      await proxy.close();
      await server.stop();
    }
  },
};
