import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract';
import type { Visit } from '../../shared/domain/visit';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { DEV_TOKEN, freePort, serverVisits, startCentralServer, tempDir } from '../fixtures/processes';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';

async function completeVisit(app: ReturnType<typeof testApp>, firmId: string, conclusion = '建议召开银企对接会') {
  const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind: 'diagnosis', answers: {} }));
  return expectOk<Visit>(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion }) }));
}

describe.each(SERVER_STORES)('sync against the real central server process (%s)', (store) => {
  let port: number;
  let serverUrl: string;
  let app: ReturnType<typeof testApp>;
  const serverData = tempDir('server');
  let env: Record<string, string>;

  beforeAll(async () => {
    env = await storeEnv(store, serverData);
    port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    app = testApp({ serverUrl });
  });
  afterAll(() => app.close());

  it('keeps completed visits waiting while the server is down, then delivers each exactly once', async () => {
    const a = await completeVisit(app, 'demo-01');
    const b = await completeVisit(app, 'demo-02');
    const offline = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
    // Two visits, and demo-02's new certificate from the diagnosis (a firm change for the register).
    expect(offline).toMatchObject({ state: 'offline', waiting: 3 });
    expect(offline.lastError).toMatch(/network/);

    const server = await startCentralServer({ port, dataDir: serverData, env });
    try {
      const online = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
      expect(online).toMatchObject({ state: 'idle', waiting: 0, lastError: null });
      for (const v of [a, b]) expect((await expectOk<Visit>(app.dispatch('visits.get', { id: v.id }))).syncState).toBe('synced');
      const held = await serverVisits(serverUrl);
      expect(held.total).toBe(2);
      expect(held.visits.map((v) => v.contentHash).sort()).toEqual([a.contentHash, b.contentHash].sort());

      // The same batch again (a retry after a lost answer) changes nothing on the server.
      const payloads = (app.db.prepare('SELECT payload FROM outbox ORDER BY id').all() as { payload: string }[]).map((r) => JSON.parse(r.payload) as unknown);
      const res = await fetch(`${serverUrl}/api/v1/visits/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(JSON.stringify({ protocol: 1, visits: payloads })),
      });
      const body = (await res.json()) as { results: { status: string }[] };
      expect(body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      expect((await serverVisits(serverUrl)).total).toBe(2);
    } finally {
      await server.stop();
    }
  });

  it('quarantines a conflicting revision with its reason without blocking the others', async () => {
    const server = await startCentralServer({ port, dataDir: serverData, env });
    try {
      const clash = await completeVisit(app, 'demo-03', '第一版');
      const fine = await completeVisit(app, 'demo-04');
      // Another copy of the same (visit, revision) with different content reaches the server first.
      const row = app.db.prepare('SELECT payload FROM outbox WHERE visit_id = ?').get(clash.id) as { payload: string };
      const { contentHash: _h, ...body } = JSON.parse(row.payload) as Record<string, unknown>;
      const other = { ...body, answers: fullAnswers({ conclusion: '另一版本' }) };
      const { contentHash } = await import('../../shared/domain/canonical');
      await fetch(`${serverUrl}/api/v1/visits/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ protocol: 1, visits: [{ ...other, contentHash: await contentHash(other) }] }),
      });

      const status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
      expect(status).toMatchObject({ state: 'attention', waiting: 0, attention: 1 });
      const clashed = await expectOk<Visit>(app.dispatch('visits.get', { id: clash.id }));
      expect(clashed.syncState).toBe('attention');
      expect(clashed.syncError).toMatch(/conflict/);
      expect((await expectOk<Visit>(app.dispatch('visits.get', { id: fine.id }))).syncState).toBe('synced');
    } finally {
      await server.stop();
    }
  });

  it('rejects, item by item, what fails validation or whose hash does not match', async () => {
    const server = await startCentralServer({ port, dataDir: tempDir('server'), env: await storeEnv(store, tempDir('server')) });
    try {
      const good = await completeVisit(app, 'demo-05');
      const payload = JSON.parse((app.db.prepare('SELECT payload FROM outbox WHERE visit_id = ?').get(good.id) as { payload: string }).payload) as Record<string, unknown>;
      const tampered = { ...payload, officer: '冒名者' };
      const res = await fetch(`${serverUrl}/api/v1/visits/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ protocol: 1, visits: [tampered, { id: 'junk' }, payload] }),
      });
      const body = (await res.json()) as { results: { status: string; reasons?: string[] }[] };
      expect(body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'created']);
      expect(body.results[0]!.reasons!.join()).toMatch(/contentHash/);
      expect((await serverVisits(serverUrl)).total).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('answers 401 without the token and 413 for an oversize batch, with JSON bodies', async () => {
    const server = await startCentralServer({ port, dataDir: tempDir('server'), env: await storeEnv(store, tempDir('server')) });
    try {
      expect((await fetch(`${serverUrl}/api/v1/visits`)).status).toBe(401);
      const huge = await fetch(`${serverUrl}/api/v1/visits/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(JSON.stringify({ protocol: 1, visits: ['x'.repeat(20 * 1024 * 1024)] })),
      });
      expect(huge.status).toBe(413);
      expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE');
    } finally {
      await server.stop();
    }
  });
});
