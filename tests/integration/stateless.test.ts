import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer, drain } from '../../server/app';
import { LATEST_SERVER_SCHEMA } from '../../server/store/migrations';
import { openServerStores, type ServerStores } from '../../server/store/open';
import { tempDir } from '../fixtures/processes';
import { pushedVisit } from '../security/visits';
import { placedAsIs } from '../bench/server-ingest.bench';
import { SEQUENCES } from '../../server/store/sequence-horizon';
import { storeEnv, TEST_DATABASE_URL } from '../fixtures/server-stores';

/** Two server instances, each with its own connection pool, on one PostgreSQL database. */
async function twoInstances() {
  const env = await storeEnv('postgres', join(tempDir('stateless'), 'data'));
  // Started together: the migrations take turns under the advisory lock.
  const stores = await Promise.all([0, 1, 2].map(() => openServerStores(env, tempDir('unused'))));
  await stores[2]!.client.close();
  const [a, b] = stores as [ServerStores, ServerStores];
  await a.accounts.create({ username: 'wang', displayName: '王', role: 'officer', countyScope: ['371502'], password: 'correct horse 1', mustChangePassword: false });
  const apps = [buildServer({ ...a }), buildServer({ ...b })];
  const urls = await Promise.all(apps.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
  return {
    env,
    a,
    b,
    urls: urls as [string, string],
    async close() {
      await Promise.all(apps.map((app) => app.close()));
      await a.client.close();
      await b.client.close();
    },
  };
}

const signIn = (url: string, password: string) =>
  fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wang', password, deviceName: 'x' }) });

describe.skipIf(!TEST_DATABASE_URL)('stateless instances on one PostgreSQL', () => {
  it('migrate once when started together, share sign-in limits, and take an upload chunk by chunk on either instance', async () => {
    const cluster = await twoInstances();
    try {
      const { rows } = await cluster.a.client.query<{ version: number }>('SELECT version FROM schema_version');
      expect(rows).toEqual([{ version: LATEST_SERVER_SCHEMA }]);

      // Five wrong passwords spread over both instances: the sixth attempt is refused by either.
      for (const url of [cluster.urls[0], cluster.urls[1], cluster.urls[0], cluster.urls[1], cluster.urls[0]]) expect((await signIn(url, 'wrong')).status).toBe(401);
      expect((await signIn(cluster.urls[1], 'correct horse 1')).status).toBe(429);
      await cluster.a.client.query('DELETE FROM sign_in_limits');
      const token = ((await (await signIn(cluster.urls[1], 'correct horse 1')).json()) as { token: string }).token;

      const visit = await pushedVisit('demo-01', '371502');
      await cluster.a.directory.upsertFirms([{ id: 'demo-01', name: '聊城预拌混凝土有限公司', countyCode: '371502', creditCode: '91371502MA3C1B2K52', chainSegment: 'midstream', categories: [], keyTier: 'none', zjtxLevel: 'none', contacts: [], certifications: [], address: '' } as never]);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const pushed = await fetch(`${cluster.urls[0]}/api/v1/visits/batch`, { method: 'POST', headers, body: JSON.stringify({ protocol: 1, visits: [visit] }) });
      expect(pushed.status).toBe(200);
      const bytes = randomBytes(700_000);
      const id = randomUUID();
      const declared = await fetch(`${cluster.urls[1]}/api/v1/attachments`, { method: 'POST', headers, body: JSON.stringify({ id, visitId: visit.id, fileName: '证书.jpg', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }) });
      expect(declared.status).toBe(200);
      let offset = 0;
      for (const [i, size] of [262_144, 262_144, 175_712].entries()) {
        const res = await fetch(`${cluster.urls[i % 2]}/api/v1/attachments/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-offset': String(offset) }, body: bytes.subarray(offset, offset + size) });
        expect(res.status).toBe(200);
        offset += size;
      }
      const stored: Buffer[] = [];
      for await (const chunk of cluster.b.attachments.read(id)) stored.push(chunk);
      expect(Buffer.concat(stored).equals(bytes)).toBe(true);
      expect(await cluster.a.attachments.state(id)).toMatchObject({ complete: true, received: bytes.length });
    } finally {
      await cluster.close();
    }
  }, 120_000);

  it('a pull never moves past a revision whose transaction is still open (it waits for it instead)', async () => {
    const env = await storeEnv('postgres', join(tempDir('horizon'), 'data'));
    const stores = await openServerStores(env, tempDir('unused'));
    const { default: pg } = await import('pg');
    const slow = new pg.Client({ connectionString: env.DATABASE_URL });
    await slow.connect();
    try {
      const [first, second] = [await pushedVisit('demo-01', '371502'), await pushedVisit('demo-02', '371502')];
      // An ingest that took its sequence value first and has not committed yet…
      await slow.query('BEGIN');
      await slow.query('SELECT pg_advisory_xact_lock_shared($1)', [SEQUENCES.visits.lock]);
      await slow.query(`INSERT INTO visit_revisions (visit_id, revision, content_hash, firm_id, kind, officer, completed_at, answers, account_id, county_code) VALUES ($1, 1, $2, 'demo-01', 'diagnosis', 'x', now(), '{}', 'dev', '371502')`, [first.id, first.contentHash]);
      // …and one that took the next value and committed.
      await stores.visits.insertMany([placedAsIs(second)], 'dev');
      let answered = false;
      const pull = stores.visits.changesSince(0n, null, 100).then((page) => ((answered = true), page));
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toBe(false); // it waits rather than answer [second] and move its cursor past first
      await slow.query('COMMIT');
      const page = await pull;
      expect(page.visits.map((v) => v.id)).toEqual([first.id, second.id]);

      // Again, with a horizon seen a moment ago: the pull answers at once from it instead of waiting — and still skips nothing.
      const [third, fourth] = [await pushedVisit('demo-03', '371502'), await pushedVisit('demo-05', '371502')];
      await slow.query('BEGIN');
      await slow.query('SELECT pg_advisory_xact_lock_shared($1)', [SEQUENCES.visits.lock]);
      await slow.query(`INSERT INTO visit_revisions (visit_id, revision, content_hash, firm_id, kind, officer, completed_at, answers, account_id, county_code) VALUES ($1, 1, $2, 'demo-03', 'diagnosis', 'x', now(), '{}', 'dev', '371502')`, [third.id, third.contentHash]);
      const fourthDone = stores.visits.insertMany([placedAsIs(fourth)], 'dev');
      await new Promise((r) => setTimeout(r, 100));
      const quick = await stores.visits.changesSince(BigInt(page.cursor), null, 100);
      expect(quick.visits).toEqual([]); // not [fourth]: third may still commit below it
      expect(quick.cursor).toBe(page.cursor);
      await slow.query('COMMIT');
      await fourthDone;
    } finally {
      await slow.end();
      await stores.client.close();
    }
  });

  it('an instance refuses a database newer than it knows, and changes nothing', async () => {
    const env = await storeEnv('postgres', join(tempDir('newer'), 'data'));
    const first = await openServerStores(env, tempDir('unused'));
    await first.client.query('UPDATE schema_version SET version = $1', [LATEST_SERVER_SCHEMA + 1]);
    await first.client.close();
    await expect(openServerStores(env, tempDir('unused'))).rejects.toThrow(/newer than this server/);
  });

  it('drains on shutdown: health says 503 at once, the request in flight finishes', async () => {
    const env = await storeEnv('postgres', join(tempDir('drain'), 'data'));
    const stores = await openServerStores(env, tempDir('unused'));
    const app = buildServer({ ...stores, devToken: 'dev-token-for-drain' });
    let release: () => void = () => undefined;
    app.get('/api/v1/slow-test', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { done: true };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const slow = fetch(`${url}/api/v1/slow-test`, { headers: { authorization: 'Bearer dev-token-for-drain' } });
      await new Promise((r) => setTimeout(r, 100));
      const draining = drain(app, { announceMs: 400, graceMs: 5_000 });
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ error: { code: 'DRAINING' } });
      release();
      const answered = await slow;
      expect(answered.status).toBe(200); // the request in flight finished, not dropped
      expect(await answered.json()).toEqual({ done: true });
      await draining;
      await expect(fetch(`${url}/api/v1/health`)).rejects.toThrow(); // closed: no new connections
    } finally {
      await stores.client.close();
    }
  });
});
