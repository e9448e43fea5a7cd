import { connect, createServer, type AddressInfo } from 'node:net';
import type { PushedVisit } from '../../shared/api/sync-protocol';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { startFaultProxy } from '../fixtures/fault-proxy';
import { freePort, serverVisits, startCentralServer } from '../fixtures/processes';
import { perVisitAlternatives, gzipPerVisitInBatches, sized, type Benchmark } from './harness';

const VISITS = sized(5000, 300);
const BYTES_PER_SECOND = 256_000 / 8; // 256 kbit/s
const ONE_WAY_MS = 150; // 300 ms round trip

/** What the emulated link really carries upstream: bytes per second of a raw stream through the same proxy to a sink. */
async function measuredCapacity(bytes: number): Promise<number> {
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const sink = createServer((socket) =>
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received >= bytes) done();
    }),
  );
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (sink.address() as AddressInfo).port }, bytesPerSecond: BYTES_PER_SECOND, oneWayDelayMs: ONE_WAY_MS });
  const client = connect(proxy.port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
  const start = performance.now();
  client.write(Buffer.alloc(bytes, 0x61));
  await finished;
  const seconds = (performance.now() - start) / 1000;
  client.destroy();
  await proxy.close();
  await new Promise((resolve) => sink.close(resolve));
  return bytes / seconds;
}

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
      const gzipInBatches = gzipPerVisitInBatches(payloads, 200); // the engine's batch size
      const start = performance.now();
      const status = await expectOk<{ waiting: number }>(app.dispatch('sync.now', {}));
      const seconds = (performance.now() - start) / 1000;
      if (status.waiting !== 0 || (await serverVisits(server.url)).total !== VISITS) throw new Error('the push did not deliver every visit');
      const wire = proxy.stats.bytesUp + proxy.stats.bytesDown;
      // The baseline is the link as measured in this run (the same proxy, a raw stream of the push's size), not its nominal rate.
      const capacity = await measuredCapacity(Math.min(proxy.stats.bytesUp, 256 * 1024));
      return [
        { name: 'push_throttled_link_use', value: proxy.stats.bytesUp / seconds, unit: 'B/s upstream', goalRatio: 0.8, better: 'higher', baseline: capacity },
        // (The push's duration is the link use above restated: not a figure of its own.)
        { name: 'push_throttled_bytes_per_visit', value: proxy.stats.bytesUp / VISITS, unit: 'B/visit', goalRatio: 0.15, better: 'lower', baseline: perVisitAlternatives(payloads).gzipEach },
        // Both ways: the batches up, and a result per visit down (about a fifth on top), headers and probes.
        { name: 'push_throttled_wire_bytes', value: wire, unit: 'B', goalRatio: 1.25, better: 'lower', baseline: gzipInBatches * VISITS },
      ];
    } finally {
      await app.close();
      await proxy.close();
      await server.stop();
    }
  },
};
