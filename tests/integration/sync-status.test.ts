import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract';
import type { Visit } from '../../shared/domain/visit';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { startMisbehavingServer, type MisbehavingServer } from '../fixtures/misbehaving-server';
import { freePort, startCentralServer, tempDir } from '../fixtures/processes';

/**
 * What the sync engine reports while the link or server misbehaves, one way at a
 * time (the real central server behind a front that misbehaves on command).
 */
describe('sync status through a misbehaving link', () => {
  let server: Awaited<ReturnType<typeof startCentralServer>>;
  let front: MisbehavingServer;
  let app: ReturnType<typeof testApp>;
  const seen: SyncStatus[] = [];

  beforeAll(async () => {
    const port = await freePort();
    server = await startCentralServer({ port, dataDir: tempDir('server') });
    front = await startMisbehavingServer(`http://127.0.0.1:${port}`);
    app = testApp({ serverUrl: front.url, sync: { probeTimeoutMs: 800, probeRetryMs: 200, stallAfterMs: 300, timeoutMs: 3_000 } });
    app.events.subscribe((event, payload) => {
      if (event === 'sync.status') seen.push(payload as SyncStatus);
    });
  });
  afterAll(async () => {
    await app.close();
    await front.close();
    await server.stop();
  });

  const syncNow = () => expectOk<SyncStatus>(app.dispatch('sync.now', {}));
  async function completeVisit(): Promise<Visit> {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
    return expectOk<Visit>(app.dispatch('visits.complete', { id, answers: fullAnswers() }));
  }

  it('says "all synced" after a good attempt, with when it happened', async () => {
    const status = await syncNow();
    expect(status).toMatchObject({ state: 'idle', waiting: 0, problem: null, nextAttemptAt: null });
    expect(Date.parse(status.lastSyncedAt ?? '')).toBeGreaterThan(Date.now() - 10_000);
  });

  it('a single failed probe is retried at once and changes nothing the officer sees', async () => {
    front.mode = 'reset';
    front.remaining = 1;
    seen.length = 0;
    const status = await syncNow();
    expect(status).toMatchObject({ state: 'idle', problem: null });
    expect(seen.map((s) => s.state)).not.toContain('offline');
    expect(seen.map((s) => s.problem).filter(Boolean)).toEqual([]);
    front.remaining = null;
  });

  it('after a failure with nothing waiting: not "idle", the last success kept, the next attempt given', async () => {
    const before = (await syncNow()).lastSyncedAt;
    front.mode = 'reset';
    const status = await syncNow();
    expect(status).toMatchObject({ state: 'offline', problem: 'network', waiting: 0, lastSyncedAt: before });
    expect(Date.parse(status.nextAttemptAt ?? '')).toBeGreaterThanOrEqual(Date.now() - 1000);
    expect(status.lastError).toMatch(/network/); // the detail, for the log only
    front.mode = 'pass';
  });

  it.each([
    ['hang', 'timeout', 'offline'],
    ['portal', 'captivePortal', 'problem'],
    ['cut', 'badAnswer', 'problem'],
    ['truncated', 'badAnswer', 'problem'],
    ['error500', 'server', 'problem'],
    ['busy503', 'busy', 'problem'],
  ] as const)('names a %s as %s', async (mode, problem, state) => {
    front.mode = mode;
    const status = await syncNow();
    expect(status).toMatchObject({ state, problem });
    expect(status.nextAttemptAt).not.toBeNull();
    if (mode === 'busy503') expect(Date.parse(status.nextAttemptAt!) - Date.now()).toBeGreaterThan(100_000); // Retry-After: 120
    front.mode = 'pass';
    expect(await syncNow()).toMatchObject({ state: 'idle', problem: null });
  });

  it('reports a stalled push as waiting for the server before the request times out', async () => {
    await completeVisit();
    front.mode = 'stallPush';
    seen.length = 0;
    const started = Date.now();
    const status = await syncNow();
    const stalled = seen.find((s) => s.state === 'sending' && s.waitingForServerSince);
    expect(stalled, 'a "waiting for the server" status while sending').toBeDefined();
    const reportedAfter = Date.parse(stalled!.waitingForServerSince!) + 300 - started;
    expect(reportedAfter).toBeLessThan(3_000); // before the 3 s timeout
    expect(status).toMatchObject({ problem: 'timeout', waiting: 1, waitingForServerSince: null });
    front.mode = 'pass';
    expect(await syncNow()).toMatchObject({ state: 'idle', waiting: 0 });
  });

  it('a token the server no longer honours asks the officer to sign in again and stops retrying', async () => {
    front.mode = 'pass';
    const other = testApp({ serverUrl: front.url, token: 'not-a-token-the-server-knows', sync: { probeRetryMs: 50 } });
    try {
      const status = await expectOk<SyncStatus>(other.dispatch('sync.now', {}));
      expect(status).toMatchObject({ state: 'problem', problem: 'signInAgain', nextAttemptAt: null });
    } finally {
      await other.close();
    }
  });
});
