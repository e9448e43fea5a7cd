import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract';
import { expectOk, testApp } from '../fixtures/app';
import { startFaultProxy } from '../fixtures/fault-proxy';
import { freePort, ROOT, serverVisits, startCentralServer, tempDir } from '../fixtures/processes';

async function completeMany(app: ReturnType<typeof testApp>, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'patrol', answers: {} }));
    await expectOk(app.dispatch('visits.complete', { id, answers: { visitDate: '2026-11-20', peopleMet: '王', summary: `第 ${i} 次巡查` } }));
    ids.push(id);
  }
  return ids;
}

async function syncUntilDone(app: ReturnType<typeof testApp>, rounds = 100): Promise<SyncStatus> {
  let status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
  for (let i = 0; i < rounds && status.waiting > 0; i++) status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
  return status;
}

const onServer = async (url: string) => new Set((await serverVisits(url)).visits.map((v) => v.id));

/** A front server that answers 500 to the requests `fails` picks (by request and body text) and passes the rest to the real server. */
async function frontOf(realPort: number, fails: (req: IncomingMessage, text: string) => boolean): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = req.headers['content-encoding'] === 'gzip' && raw.length ? gunzipSync(raw).toString() : raw.toString();
      if (fails(req, text)) return res.writeHead(500, { 'content-type': 'application/json' }).end('{"protocol":1,"error":{"code":"INTERNAL","message":"failed"}}');
      const upstream = httpRequest({ host: '127.0.0.1', port: realPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.end(raw);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('push under process and server failures', () => {
  it('SIGKILL of the app during a push, repeatedly: each visit lands once and the outbox agrees', async () => {
    const server = await startCentralServer({ port: await freePort() });
    // A slow link, so kills land while batches are in flight.
    const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: Number(new URL(server.url).port) }, bytesPerSecond: 40_000, oneWayDelayMs: 30 });
    const dataDir = tempDir('push-kill');
    const seed = testApp({ dataDir });
    const ids = await completeMany(seed, 120);
    await seed.close();
    try {
      for (let round = 0; round < 8; round++) {
        const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/fixtures/push-worker.ts'), dataDir, proxy.url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        await new Promise<void>((done) => child.stdout.once('data', () => done()));
        await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 300)));
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        // After every kill: what the laptop marked done, the server holds.
        const app = testApp({ dataDir, serverUrl: server.url });
        const done = app.db.prepare("SELECT visit_id FROM outbox WHERE state = 'done'").pluck().all() as string[];
        const held = await onServer(server.url);
        expect(done.filter((id) => !held.has(id))).toEqual([]);
        await app.close();
      }
      const app = testApp({ dataDir, serverUrl: server.url });
      expect((await syncUntilDone(app)).waiting).toBe(0);
      const list = await serverVisits(server.url);
      expect(list.total).toBe(ids.length);
      expect(new Set(list.visits.map((v) => v.id))).toEqual(new Set(ids));
      expect(app.db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'done'").pluck().get()).toBe(ids.length);
      await app.close();
    } finally {
      await proxy.close();
      await server.stop();
    }
  }, 240_000);

  it('server restarted during a push: nothing lost, nothing twice', async () => {
    const port = await freePort();
    const serverData = tempDir('server');
    let server = await startCentralServer({ port, dataDir: serverData });
    const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port }, bytesPerSecond: 30_000 });
    const app = testApp({ serverUrl: proxy.url, sync: { batchSize: 5, timeoutMs: 3_000, baseDelayMs: 20, maxDelayMs: 200 } });
    const ids = await completeMany(app, 80);
    try {
      const pushing = app.dispatch('sync.now', {});
      await new Promise((r) => setTimeout(r, 400));
      await server.stop();
      await pushing;
      const midway = await expectOk<SyncStatus>(app.dispatch('sync.status', {}));
      expect(midway.waiting).toBeGreaterThan(0);
      server = await startCentralServer({ port, dataDir: serverData });
      expect((await syncUntilDone(app)).waiting).toBe(0);
      const list = await serverVisits(server.url);
      expect(list.total).toBe(ids.length);
      expect(new Set(list.visits.map((v) => v.id))).toEqual(new Set(ids));
    } finally {
      await app.close();
      await proxy.close();
      await server.stop();
    }
  }, 120_000);

  it('500 and 503 with Retry-After: retried later, as the server asks, and never marked synced meanwhile', async () => {
    const real = await startCentralServer({ port: await freePort() });
    let failures = 0;
    const realPort = Number(new URL(real.url).port);
    // In front of the server: the first pushes get 500, then 503 with Retry-After: 2, then the real answer.
    const front: Server = createServer((req, res) => {
      if (req.url?.startsWith('/api/v1/visits/batch') && failures < 4) {
        failures++;
        req.resume();
        if (failures <= 2) return res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
        return res.writeHead(503, { 'retry-after': '2', 'content-type': 'application/json' }).end('{"error":"busy"}');
      }
      const upstream = httpRequest({ host: '127.0.0.1', port: realPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((done) => front.listen(0, '127.0.0.1', done));
    const app = testApp({ serverUrl: `http://127.0.0.1:${(front.address() as AddressInfo).port}` });
    try {
      await completeMany(app, 3);
      for (let i = 0; i < 4; i++) {
        const status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
        expect(status.waiting).toBe(3);
        expect(app.db.prepare("SELECT COUNT(*) FROM visits WHERE sync_state = 'synced'").pluck().get()).toBe(0);
        if (i === 3) {
          expect(status.lastError).toMatch(/^HTTP 503 \[request [0-9a-f-]{36}\]$/); // the id the server logged it under
          const wait = Date.parse(status.nextAttemptAt!) - Date.now();
          expect(wait).toBeGreaterThan(1_000);
          expect(wait).toBeLessThanOrEqual(2_000);
        }
      }
      const final = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
      expect(final).toMatchObject({ waiting: 0, state: 'idle' });
      expect((await serverVisits(real.url)).total).toBe(3);
    } finally {
      await app.close();
      front.close();
      await real.stop();
    }
  }, 60_000);

  it('a server failing on everything (500, its database away) sets nothing aside: the visits go once it recovers', async () => {
    const real = await startCentralServer({ port: await freePort() });
    const realPort = Number(new URL(real.url).port);
    let down = true;
    let failed = 0;
    // Every request but liveness fails with 500, as a server whose database is away did before it said 503.
    const front = await frontOf(realPort, (req) => {
      if (!down || req.url?.startsWith('/api/v1/health')) return false;
      failed++;
      return true;
    });
    const app = testApp({ serverUrl: front.url });
    try {
      const ids = await completeMany(app, 3);
      // More failed cycles than it took to set a visit aside when every 5xx counted against it.
      for (let i = 0; i < 12; i++) expect(await expectOk<SyncStatus>(app.dispatch('sync.now', {}))).toMatchObject({ problem: 'server', attention: 0, waiting: 3 });
      expect(failed).toBeGreaterThanOrEqual(12);
      expect(app.db.prepare(`SELECT COUNT(*) FROM outbox WHERE state = 'quarantined'`).pluck().get()).toBe(0);
      down = false;
      expect(await syncUntilDone(app)).toMatchObject({ waiting: 0, attention: 0 });
      expect(await onServer(real.url)).toEqual(new Set(ids));
    } finally {
      await app.close();
      front.server.close();
      await real.stop();
    }
  }, 60_000);

  it('quarantines a visit the server keeps failing on, so the rest of the queue goes through; "send again" requeues it', async () => {
    const real = await startCentralServer({ port: await freePort() });
    const realPort = Number(new URL(real.url).port);
    let poisoned = true;
    // The server "crashes" (500) on any batch holding the poisoned visit.
    const front = await frontOf(realPort, (_req, text) => poisoned && text.includes('POISON'));
    const app = testApp({ serverUrl: front.url });
    try {
      const ids = await completeMany(app, 4);
      const { id: poison } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'patrol', answers: {} }));
      await expectOk(app.dispatch('visits.complete', { id: poison, answers: { visitDate: '2026-11-20', peopleMet: '王', summary: 'POISON' } }));
      let status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
      for (let i = 0; i < 20 && status.waiting > 0; i++) status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
      expect(status).toMatchObject({ waiting: 0, attention: 1, state: 'attention' });
      expect(await onServer(real.url)).toEqual(new Set(ids));
      const quarantined = await expectOk<{ syncState: string; syncError: string }>(app.dispatch('visits.get', { id: poison }));
      expect(quarantined.syncState).toBe('attention');
      expect(quarantined.syncError).toMatch(/server failed on this visit 6 times/);

      poisoned = false; // the server was fixed
      const again = await expectOk<SyncStatus>(app.dispatch('sync.retry', { visitId: poison }));
      expect(again).toMatchObject({ waiting: 0, attention: 0 });
      expect((await onServer(real.url)).has(poison)).toBe(true);
    } finally {
      await app.close();
      front.server.close();
      await real.stop();
    }
  }, 60_000);
});
