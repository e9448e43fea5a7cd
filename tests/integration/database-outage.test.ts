import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncProblem, SyncStatus } from '../../shared/api/contract';
import { expectOk, testApp } from '../fixtures/app';
import { freePort, ROOT, startCentralServer, tempDir } from '../fixtures/processes';
import { TEST_DATABASE_URL } from '../fixtures/server-stores';

/**
 * The database drops the servers' connections, restarts, or cancels every statement while
 * laptops push (issue 22). On a PostgreSQL cluster of this test's own, so the suites
 * sharing the default cluster are never disturbed. Each case asserts that the laptops did
 * meet the trouble (a window that hit no request fails), that no server instance exited,
 * that every visit arrived exactly once and that nothing was set aside for a person.
 */
const PG = join(ROOT, 'build/test-postgres.sh');

describe.skipIf(!TEST_DATABASE_URL)('the server outlives its database’s hiccups (PostgreSQL of its own)', () => {
  const pgEnv = { ...process.env, XUNLIAN_PG_DIR: `/tmp/xunlian-outage-pg-${randomBytes(4).toString('hex')}`, XUNLIAN_PG_PORT: '0' };
  let databaseUrl = '';
  let control: pg.Client;
  let servers: Awaited<ReturnType<typeof startCentralServer>>[] = [];

  // Asynchronous, so the laptops in this process keep pushing while the cluster stops and starts.
  const cluster = async (command: 'start' | 'halt' | 'stop') => (await promisify(execFile)(PG, [command], { env: pgEnv, encoding: 'utf8' })).stdout.trim();
  const connectControl = async () => {
    control = new pg.Client({ connectionString: databaseUrl });
    control.on('error', () => undefined); // the restart case drops this connection too
    await control.connect();
    await control.query('SET statement_timeout = 0'); // the session's own setting outranks the forced one
  };

  beforeAll(async () => {
    pgEnv.XUNLIAN_PG_PORT = String(await freePort());
    const url = new URL(await cluster('start'));
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query('CREATE DATABASE xunlian_outage');
    await admin.end();
    url.pathname = '/xunlian_outage';
    databaseUrl = url.toString();
    const keyFile = join(tempDir('outage-key'), 'receipt-key.json');
    for (let i = 0; i < 2; i++) servers.push(await startCentralServer({ port: await freePort(), env: { DATABASE_URL: databaseUrl, XUNLIAN_RECEIPT_KEY_FILE: keyFile, XUNLIAN_LOG: '0' } }));
    await connectControl();
  }, 120_000);

  afterAll(async () => {
    await control?.end().catch(() => undefined);
    for (const server of servers) await server.stop();
    servers = [];
    await cluster('stop');
  });

  /** Laptops, each completing `perLaptop` patrols, alternating between the two instances. */
  async function laptopsWithVisits(count: number, perLaptop: number) {
    const laptops = [];
    for (let l = 0; l < count; l++) {
      const app = testApp({ serverUrl: servers[l % 2]!.url, sync: { batchSize: 10 } });
      const ids: string[] = [];
      for (let i = 0; i < perLaptop; i++) {
        const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'patrol', answers: {} }));
        await expectOk(app.dispatch('visits.complete', { id, answers: { visitDate: '2026-11-20', peopleMet: '王', summary: `巡查 ${l}-${i}` } }));
        ids.push(id);
      }
      laptops.push({ app, ids, problems: [] as SyncProblem[] });
    }
    return laptops;
  }

  /** Every laptop syncs until its queue is empty, noting each problem its status bar showed. */
  async function pushAll(laptops: Awaited<ReturnType<typeof laptopsWithVisits>>) {
    await Promise.all(
      laptops.map(async (laptop) => {
        for (let round = 0; round < 3_000; round++) {
          const status = await expectOk<SyncStatus>(laptop.app.dispatch('sync.now', {}));
          if (status.problem) {
            laptop.problems.push(status.problem);
            await new Promise((resume) => setTimeout(resume, 100)); // a pause between retries, as the backoff would make
          } else if (status.waiting === 0) return;
        }
        throw new Error('a laptop never emptied its queue');
      }),
    );
  }

  async function waitFor(condition: () => Promise<boolean>, what: string, limit = 2_000) {
    for (let i = 0; i < limit; i++) {
      if (await condition()) return;
      await new Promise((resume) => setTimeout(resume, 20));
    }
    throw new Error(`never happened: ${what}`);
  }

  const heldOnServer = async (ids: string[]) => {
    const { rows } = await control.query<{ visit_id: string; n: string }>('SELECT visit_id::text, COUNT(*)::text AS n FROM visit_revisions WHERE visit_id = ANY($1::uuid[]) GROUP BY visit_id', [ids]);
    return rows;
  };

  async function expectDeliveredOnce(laptops: Awaited<ReturnType<typeof laptopsWithVisits>>) {
    const ids = laptops.flatMap((l) => l.ids);
    const rows = await heldOnServer(ids);
    expect(rows.length).toBe(ids.length);
    expect(rows.filter((r) => r.n !== '1')).toEqual([]);
    for (const { app } of laptops) {
      expect(app.db.prepare(`SELECT state, COUNT(*) AS n FROM outbox GROUP BY state`).all()).toEqual([{ state: 'done', n: app.db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() }]);
      expect(app.db.prepare(`SELECT COUNT(*) FROM visits WHERE sync_state = 'attention'`).pluck().get()).toBe(0);
    }
    // The officers were told the server is busy, never that their records failed.
    const seen = new Set(laptops.flatMap((l) => l.problems));
    expect(seen.has('busy')).toBe(true);
    expect(seen.has('server')).toBe(false);
    for (const server of servers) expect({ exitCode: server.child.exitCode, signal: server.child.signalCode }).toEqual({ exitCode: null, signal: null });
  }

  const serverConnections = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'xunlian_outage' AND pid <> pg_backend_pid()";
  const onServerCount = async (ids: string[]) => (await heldOnServer(ids)).length;

  it('connections terminated during a push: both instances keep running, every visit once', async () => {
    const laptops = await laptopsWithVisits(4, 60);
    const ids = laptops.flatMap((l) => l.ids);
    const pushing = pushAll(laptops);
    await waitFor(async () => (await onServerCount(ids)) > 0, 'the push began');
    // Cut the servers' connections again and again until a laptop has met it.
    await waitFor(async () => {
      await control.query(serverConnections);
      return laptops.some((l) => l.problems.length > 0);
    }, 'a laptop met a dropped connection');
    await pushing;
    await expectDeliveredOnce(laptops);
    for (const { app } of laptops) await app.close();
  }, 180_000);

  it('PostgreSQL restarted in the middle of a push of 1,000 visits from 20 laptops: every visit once, nothing set aside', async () => {
    const laptops = await laptopsWithVisits(20, 50);
    const ids = laptops.flatMap((l) => l.ids);
    const pushing = pushAll(laptops);
    await waitFor(async () => (await onServerCount(ids)) >= 50, 'the push was under way');
    await control.end().catch(() => undefined);
    await cluster('halt');
    // Down until the laptops have met it: then it comes back.
    await waitFor(async () => laptops.some((l) => l.problems.includes('busy')), 'a laptop met the database down');
    for (const server of servers) expect((await fetch(`${server.url}/api/v1/ready`)).status).toBe(503);
    await cluster('start');
    await connectControl();
    await pushing;
    await expectDeliveredOnce(laptops);
    // The server serves again without a restart of its own.
    for (const server of servers) expect((await fetch(`${server.url}/api/v1/ready`)).status).toBe(200);
    for (const { app } of laptops) await app.close();
  }, 240_000);

  it('every statement cancelled for a while, then the database recovers: nothing set aside, all delivered without a person', async () => {
    const laptops = await laptopsWithVisits(4, 40);
    // The laptops' first visits arrive; then the database cancels everything while the rest wait.
    await pushAll(laptops.map((l) => ({ ...l, problems: [] })));
    for (const [n, laptop] of laptops.entries()) {
      const { id } = await expectOk<{ id: string }>(laptop.app.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'patrol', answers: {} }));
      await expectOk(laptop.app.dispatch('visits.complete', { id, answers: { visitDate: '2026-11-21', peopleMet: '李', summary: `故障期间 ${n}` } }));
      laptop.ids.push(id);
    }
    // Statements time out: forced low for every session, and the visits table held so that writes wait past it.
    await control.query(`ALTER SYSTEM SET statement_timeout = '50ms'`);
    await control.query('SELECT pg_reload_conf()');
    await control.query('BEGIN');
    await control.query('LOCK TABLE visit_revisions IN ACCESS EXCLUSIVE MODE');
    const pushing = pushAll(laptops);
    try {
      // Longer than it took an outage to set a visit aside before: each laptop fails more than six times.
      await waitFor(async () => laptops.every((l) => l.problems.length > 6), 'every laptop met the outage seven times', 3_000);
      // Liveness looks nothing up: a token it is sent costs no statement that could fail.
      for (const server of servers) expect((await fetch(`${server.url}/api/v1/health`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(200);
    } finally {
      await control.query('COMMIT');
      await control.query('ALTER SYSTEM RESET statement_timeout');
      await control.query('SELECT pg_reload_conf()');
    }
    await pushing;
    await expectDeliveredOnce(laptops);
    for (const { app } of laptops) await app.close();
  }, 240_000);
});
