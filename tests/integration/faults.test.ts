import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract';
import type { PushedVisit } from '../../shared/api/sync-protocol';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy';
import { rng } from '../fixtures/random';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';
import { freePort, serverVisits, startCentralServer, tempDir } from '../fixtures/processes';

const VISITS = 1000;

async function completeMany(app: ReturnType<typeof testApp>, count: number): Promise<void> {
  const firms = ['demo-01', 'demo-02', 'demo-03', 'demo-04'];
  for (let i = 0; i < count; i++) {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: firms[i % firms.length]!, kind: 'diagnosis', answers: {} }));
    await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: `第 ${i} 次` }) }));
  }
}

describe.each(SERVER_STORES)('sync through a faulty link (real server process, real sockets, %s)', (store) => {
  let server: Awaited<ReturnType<typeof startCentralServer>>;
  let proxy: FaultProxy;
  beforeAll(async () => {
    server = await startCentralServer({ port: await freePort(), dataDir: tempDir('server'), env: await storeEnv(store, tempDir('server')) });
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: Number(new URL(server.url).port) }, faultRate: 0.3, random: rng(2026) });
  }, 60_000);
  afterAll(async () => {
    await proxy.close();
    await server.stop();
  });

  it(`delivers ${VISITS} visits exactly once at a 30 % fault rate, never marking one synced that the server lacks`, async () => {
    const app = testApp({ serverUrl: proxy.url, sync: { batchSize: 10, timeoutMs: 2_000, baseDelayMs: 20, maxDelayMs: 200 } });
    await completeMany(app, VISITS);
    let rounds = 0;
    for (; rounds < 300; rounds++) {
      const status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
      // Invariant at every step: whatever the laptop calls synced, the server holds.
      const synced = app.db.prepare("SELECT id FROM visits WHERE sync_state = 'synced'").pluck().all() as string[];
      if (synced.length) {
        const held = new Set((await serverVisits(server.url)).visits.map((v) => v.id));
        expect(synced.filter((id) => !held.has(id))).toEqual([]);
      }
      if (status.waiting === 0) break;
    }
    const held = await serverVisits(server.url);
    expect(held.total).toBe(VISITS);
    expect(new Set(held.visits.map((v) => `${v.id}#${v.revision}`)).size).toBe(VISITS);
    const local = app.db.prepare('SELECT payload FROM outbox').pluck().all() as string[];
    const hashes = new Map(local.map((p) => [(JSON.parse(p) as PushedVisit).id, (JSON.parse(p) as PushedVisit).contentHash]));
    for (const v of held.visits) expect(v.contentHash).toBe(hashes.get(v.id));
    expect(app.db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'done'").pluck().get()).toBe(VISITS);
    expect(app.db.prepare("SELECT COUNT(*) FROM visits WHERE sync_state = 'synced'").pluck().get()).toBe(VISITS);
    // The link really was bad: every kind of fault happened.
    console.log(`faulty link: ${rounds} rounds, ${JSON.stringify(proxy.stats)}`);
    for (const count of Object.values(proxy.stats.faults)) expect(count).toBeGreaterThan(0);
    await app.close();
  }, 300_000);
});
