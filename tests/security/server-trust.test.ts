import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushItemResult } from '../../shared/api/sync-protocol';
import { generateSigningKeys, signBody, TRANSFER_FORMAT, type SigningKeys } from '../../shared/api/transfer';
import { fullAnswers } from '../fixtures/app';
import { liftLockout } from '../../server/rate-limit';
import { SIGN_IN_ATTEMPTS_PER_ADDRESS } from '../../server/routes/session';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { PROTOCOL_STORES, SERVER_STORES } from '../fixtures/server-stores';
import { rawRequest } from './http';
import { pushedVisit } from './visits';

describe.each(SERVER_STORES)('the server decides from its own records (%s)', (store) => {
  let server: InProcessServer;
  const keys: Record<string, SigningKeys> = {};

  async function signIn(username: string, password = 'correct horse 1', from = '127.0.0.1'): Promise<{ status: number; token: string; deviceId: string }> {
    keys[username] ??= await generateSigningKeys();
    const res = await rawRequest(`${server.url}/api/v1/session`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, deviceName: 'trust test', publicKey: keys[username].publicKey }),
      localAddress: from,
    });
    const body = JSON.parse(res.body) as { token?: string; deviceId?: string };
    return { status: res.status, token: body.token ?? '', deviceId: body.deviceId ?? '' };
  }
  const api = async (path: string, token: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const push = async (token: string, visits: unknown[]) => (await api('/api/v1/visits/batch', token, { protocol: 1, visits })).body.results as PushItemResult[];

  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'li', counties: ['371521'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
      { username: 'sun', counties: ['371581'] },
      { username: 'many', counties: ['371502'] },
    ]);
  }, 120_000);
  afterAll(() => server?.close());

  it('refuses an unauthenticated body at once, without reading it', async () => {
    const started = Date.now();
    // Declares 200 MB, sends 1 MB and never finishes: the 401 comes at once anyway.
    const res = await rawRequest(`${server.url}/api/v1/transfers`, { headers: { 'content-type': 'application/octet-stream', 'content-length': 200 * 1024 * 1024 }, body: Buffer.alloc(1024 * 1024), declaredLength: 200 * 1024 * 1024 });
    expect(res.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("places a visit by the register's county and the principal's name, not what the laptop says", async () => {
    const wang = (await signIn('wang')).token;
    // A firm of 阳谷 (371521) claimed as 东昌府区 (371502), in another officer's name: refused.
    const outside = await pushedVisit('demo-05', '371502', { officer: 'li-name' });
    expect(await push(wang, [outside])).toEqual([{ id: outside.id, revision: 1, status: 'rejected', reasons: ['firmId: validation.outOfScope'] }]);
    // Its own county's firm, claiming another officer and another name: stored as the register and the principal say.
    const own = await pushedVisit('demo-01', '371502', { officer: '别人', name: '假名字有限公司' });
    expect((await push(wang, [own]))[0]?.status).toBe('created');
    const { rows } = await server.stores.client.query<{ officer: string; county_code: string; firm: { name: string } | string }>('SELECT officer, county_code, firm FROM visit_revisions WHERE visit_id = $1', [own.id]);
    const firm = typeof rows[0]!.firm === 'string' ? (JSON.parse(rows[0]!.firm) as { name: string }) : rows[0]!.firm;
    expect({ officer: rows[0]!.officer, county: rows[0]!.county_code, name: firm.name }).toEqual({ officer: 'wang-name', county: '371502', name: '聊城预拌混凝土有限公司' });
  });

  it('records a firm found in the field as a proposal, only in the officer’s own counties', async () => {
    const wang = (await signIn('wang')).token;
    const elsewhere = await pushedVisit('firm-field-1', '371521', { name: '阳谷新发现建材厂' });
    expect((await push(wang, [elsewhere]))[0]).toMatchObject({ status: 'rejected', reasons: ['firm.countyCode: validation.outOfScope'] });
    const found = await pushedVisit('firm-field-2', '371502', { name: '聊城新发现建材厂' });
    expect((await push(wang, [found]))[0]?.status).toBe('created');
    const { rows } = await server.stores.client.query<{ firm_id: string; county_code: string }>('SELECT firm_id, county_code FROM proposed_firms ORDER BY firm_id');
    expect(rows).toEqual([{ firm_id: 'firm-field-2', county_code: '371502' }]);
  });

  it("a follow-up cannot move another firm's problems", async () => {
    const li = (await signIn('li')).token;
    const answers = fullAnswers() as Record<string, unknown> & { problems: { id: string }[] };
    const problemId = answers.problems[0]!.id;
    const diagnosis = await pushedVisit('demo-05', '371521', { answers });
    expect((await push(li, [diagnosis]))[0]?.status).toBe('created');
    const wang = (await signIn('wang')).token;
    const followup = await pushedVisit('demo-01', '371502', { kind: 'followup', answers: { visitDate: '2026-11-20', peopleMet: '王建国', updates: [{ problemId, status: 'resolved', note: '已解决', callback: { how: 'phone', on: '2026-11-20', verdict: 'satisfied', note: '' } }], conclusion: '' } });
    expect((await push(wang, [followup]))[0]).toMatchObject({ status: 'rejected', reasons: ['answers.updates: validation.problemOtherFirm'] });
  });

  it("refuses a supervisor's transfer file, and one signed with any key but the device's own", async () => {
    const zhao = await signIn('zhao');
    const visit = await pushedVisit('demo-01', '371502');
    const body = { format: TRANSFER_FORMAT, version: 2 as const, deviceId: zhao.deviceId, createdAt: new Date().toISOString(), visits: [visit], attachments: [] };
    const upload = (file: object, token: string) =>
      fetch(`${server.url}/api/v1/transfers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: gzipSync(JSON.stringify(file)) });
    const wang = await signIn('wang');
    const before = await server.tableCounts();
    expect((await upload({ ...body, signature: await signBody(body, keys.zhao!.privateKey) }, zhao.token)).status).toBe(403);
    // What the server stores about a device (token hash, public key) cannot sign: another key is refused.
    const wangBody = { ...body, deviceId: wang.deviceId };
    const intruder = await generateSigningKeys();
    const forged = await upload({ ...wangBody, signature: await signBody(wangBody, intruder.privateKey) }, wang.token);
    expect(forged.status).toBe(422);
    expect(await server.tableCounts()).toEqual(before);
  });

  it('stores argon2id password hashes and only a SHA-256 of each device token; a password reset signs out', async () => {
    const sun = await signIn('sun');
    const { rows } = await server.stores.client.query<{ password_hash: string; token_hash: string }>(
      `SELECT a.password_hash, d.token_hash FROM accounts a JOIN devices d ON d.account_id = a.id WHERE d.id = $1`,
      [sun.deviceId],
    );
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]!.token_hash.trim()).toBe(createHash('sha256').update(sun.token).digest('hex'));
    expect((await api('/api/v1/visits', sun.token)).status).toBe(200);
    await server.stores.accounts.resetPassword('sun', 'a new password 2');
    expect((await api('/api/v1/visits', sun.token)).status).toBe(401);
  });

  it('counts sign-in attempts before checking them: concurrent guesses cannot pass the limit, and a stranger cannot lock the user out', async () => {
    const guesses = await Promise.all(Array.from({ length: 20 }, () => signIn('li', 'wrong password', '127.0.0.3')));
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // The real user, from their own address, signs in at once.
    expect((await signIn('li', 'correct horse 1', '127.0.0.4')).status).toBe(200);
    // From the guessing address, even the right password waits.
    expect((await signIn('li', 'correct horse 1', '127.0.0.3')).status).toBe(429);
  });

  // The two long runs of sign-ins (67 argon2 checks each, 7 s) prove the counting, which is the
  // same SQL on both stores and is also proved on both by the concurrent-guess test above: once.
  const onOneStore = PROTOCOL_STORES.includes(store) ? it : it.skip;

  onOneStore('attempts 1–5 get 401, the 6th 429; 60 per address', async () => {
    const seq: number[] = [];
    for (let i = 0; i < 6; i++) seq.push((await signIn('wang', 'wrong password', '127.0.0.5')).status);
    expect(seq).toEqual([401, 401, 401, 401, 401, 429]);
    const perAddress: number[] = [];
    for (let i = 0; i < 61; i++) perAddress.push((await signIn(`nobody${i}`, 'wrong password', '127.0.0.6')).status);
    expect(perAddress.slice(0, 60).every((s) => s === 401)).toBe(true);
    expect(perAddress[60]).toBe(429);
  }, 60_000);

  onOneStore('successful sign-ins give their count back: more of them from one address than its limit lock nobody out', async () => {
    const office = '127.0.0.7';
    const users = ['wang', 'li', 'zhao'];
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_ADDRESS + 6; i++) statuses.push((await signIn(users[i % users.length]!, 'correct horse 1', office)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // (Failures still use the allowance up: the test above, 60 per address.)
  }, 120_000);

  it('an administrator lifts a lock-out early (server:admin unlock), from every address', async () => {
    for (let i = 0; i < 6; i++) await signIn('zhao', 'wrong password', '127.0.0.8');
    expect((await signIn('zhao', 'correct horse 1', '127.0.0.8')).status).toBe(429);
    expect(await liftLockout(server.stores.client, 'ZHAO')).toBe(1);
    expect((await signIn('zhao', 'correct horse 1', '127.0.0.8')).status).toBe(200);
    expect(await liftLockout(server.stores.client, 'zhao')).toBe(0);
  });

  it('expires idle device tokens, writes last_seen_at at most hourly, and caps devices per account', async () => {
    const many = await signIn('many');
    const seen = async () => (await server.stores.client.query<{ t: string }>('SELECT last_seen_at::text AS t FROM devices WHERE id = $1', [many.deviceId])).rows[0]!.t;
    await server.stores.client.query(`UPDATE devices SET last_seen_at = now() - interval '10 minutes' WHERE id = $1`, [many.deviceId]);
    const tenMinutesAgo = await seen();
    expect((await api('/api/v1/visits', many.token)).status).toBe(200);
    expect(await seen()).toBe(tenMinutesAgo); // not written again within the hour
    await server.stores.client.query(`UPDATE devices SET last_seen_at = now() - interval '2 hours' WHERE id = $1`, [many.deviceId]);
    expect((await api('/api/v1/visits', many.token)).status).toBe(200);
    expect(Date.parse(await seen())).toBeGreaterThan(Date.now() - 60_000);
    await server.stores.client.query(`UPDATE devices SET created_at = now() - interval '120 days', last_seen_at = now() - interval '91 days' WHERE id = $1`, [many.deviceId]);
    expect((await api('/api/v1/visits', many.token)).status).toBe(401);

    // Five devices at most: a sixth sign-in signs out the longest unused.
    const devices = [];
    for (let i = 0; i < 6; i++) devices.push(await signIn('many'));
    expect((await api('/api/v1/visits', devices[0]!.token)).status).toBe(401);
    for (const d of devices.slice(1)) expect((await api('/api/v1/visits', d.token)).status).toBe(200);
  });
});

describe('behind a reverse proxy', () => {
  it('believes X-Forwarded-For only from a configured proxy, so each client has its own sign-in limit', async () => {
    const trusting = await inProcessServer('pglite', [{ username: 'wang', counties: ['371502'] }], {}, { trustProxy: '127.0.0.1' });
    const plain = await inProcessServer('pglite', [{ username: 'wang', counties: ['371502'] }]);
    try {
      const attempt = (s: InProcessServer, forwardedFor: string, password = 'wrong password') =>
        rawRequest(`${s.url}/api/v1/session`, { headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ username: 'wang', password, deviceName: 'x' }) }).then((r) => r.status);
      for (const s of [trusting, plain]) for (let i = 0; i < 6; i++) await attempt(s, '10.1.1.1');
      // Another client behind the trusted proxy is its own bucket...
      expect(await attempt(trusting, '10.1.1.2', 'correct horse 1')).toBe(200);
      // ...but without a configured proxy the header is not believed: same (proxy) address, same bucket.
      expect(await attempt(plain, '10.1.1.2', 'correct horse 1')).toBe(429);
    } finally {
      await trusting.close();
      await plain.close();
    }
  }, 60_000);
});
