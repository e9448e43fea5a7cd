import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuedDecisionView, ReceivedDecision } from '../../shared/api/decisions';
import type { TierChange } from '../../shared/api/key-firms';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { open as openSealed } from '../../shared/api/sealed-box';
import { expectOk, fixedPathPlatform, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { startMisbehavingServer } from '../fixtures/misbehaving-server';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy';
import { rng } from '../fixtures/random';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

type App = ReturnType<typeof testApp>;

/** Tier requests an officer makes online (each a different firm and field), as the server records them. */
const TIER_ASKS = [
  { firmId: 'demo-01', field: 'keyTier', to: 'cultivated' },
  { firmId: 'demo-01', field: 'zjtxLevel', to: 'little_giant' },
  { firmId: 'demo-02', field: 'keyTier', to: 'cultivated' },
  { firmId: 'demo-02', field: 'zjtxLevel', to: 'provincial' },
  { firmId: 'demo-10', field: 'keyTier', to: 'key' },
  { firmId: 'demo-10', field: 'zjtxLevel', to: 'innovative' },
] as const;

describe.each(SERVER_STORES)("supervisors' decisions through the outbox (%s)", (store) => {
  let server: InProcessServer;
  let proxy: FaultProxy;
  // One options object, read by the proxy at each request: the test turns the link's faults up and down.
  const proxyOptions = { target: { host: '127.0.0.1', port: 0 }, faultRate: 0, random: rng(27), faults: ['cut-request', 'cut-response', 'truncate', 'reset', 'portal'] as const, faultFilter: (line: string) => line.includes('/api/v1/decisions/batch') };
  const tokenOf = async (username: string) => {
    const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse 1', deviceName: 'test' }) });
    return ((await res.json()) as { token: string }).token;
  };
  const post = async (path: string, token: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const laptop = async (username: string) => {
    const app = testApp({ token: '' });
    await expectOk(app.dispatch('account.signIn', { serverUrl: proxy.url, username, password: 'correct horse 1' }));
    return app;
  };
  const syncUntilSent = async (app: App) => {
    for (let i = 0; i < 80; i++) {
      await app.dispatch('sync.now', {});
      if ((app.db.prepare(`SELECT COUNT(*) FROM decision_outbox WHERE state = 'pending'`).pluck().get() as number) === 0) return;
    }
    throw new Error('decisions still waiting');
  };

  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
      { username: 'qian', role: 'supervisor', counties: ['371502'] },
      { username: 'sun', role: 'supervisor', counties: ['371503'] },
    ]);
    proxyOptions.target.port = Number(new URL(server.url).port);
    proxy = await startFaultProxy(proxyOptions);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('made offline, sent through a faulty link, applied exactly once; a later decision on the same request stands and names the earlier; the officer receives both with the reason', async () => {
    const wang = await tokenOf('wang');
    const requests: TierChange[] = [];
    for (const ask of TIER_ASKS) {
      const res = await post(`/api/v1/firms/${ask.firmId}/tier`, wang, { field: ask.field, to: ask.to, reason: '申请调整层级' });
      expect(res.status).toBe(200);
      requests.push(res.body.change as TierChange);
    }
    const zhao = await laptop('zhao');
    const qian = await laptop('qian');
    const sun = await laptop('sun');
    const officer = await laptop('wang');
    try {
      // The review list read while online; then the link drops every decision sent.
      const list = await expectOk<{ tierRequests: TierChange[] }>(zhao.dispatch('review.list', {}));
      expect(list.tierRequests.map((r) => r.id).sort()).toEqual(requests.map((r) => r.id).sort());
      proxyOptions.faultRate = 1;
      const decide = (app: App, r: TierChange, accept: boolean, note?: string) =>
        expectOk<QueuedDecisionView>(app.dispatch('review.decideTier', { id: r.id, accept, ...(note ? { note } : {}), label: `${r.firmName} ${r.field}` }));
      const queued: QueuedDecisionView[] = [];
      for (const [i, r] of requests.entries()) queued.push(await decide(zhao, r, i % 2 === 0, i % 2 === 0 ? undefined : '材料不全，补齐后再申请'));
      expect(queued.map((q) => q.state)).toEqual(requests.map(() => 'pending'));
      // Offline the list still shows (as last read), without what the queue settles.
      const offline = await expectOk<{ tierRequests: TierChange[] }>(zhao.dispatch('review.list', {}));
      expect(offline.tierRequests).toEqual([]);
      // Another county's supervisor decides one of them (queued too: the laptop cannot know the firm's county).
      await decide(sun, requests[0]!, false, '不是本区县的企业');
      // The second supervisor of the county, offline as well, decides the first request the other way.
      await decide(qian, requests[0]!, false, '年度名额已满，明年再议');

      // The link comes back, failing often: every decision is applied once.
      proxyOptions.faultRate = 0.6;
      await syncUntilSent(zhao);
      expect(proxy.stats.faults['cut-response'] + proxy.stats.faults.truncate + proxy.stats.faults.reset + proxy.stats.faults.portal + proxy.stats.faults['cut-request']).toBeGreaterThan(0);
      const rows = (await server.stores.client.query<{ subject: string; status: string; outcome: string }>(`SELECT subject, status, outcome FROM decisions WHERE account_id = (SELECT id FROM accounts WHERE username = 'zhao') ORDER BY subject`)).rows;
      expect(rows).toHaveLength(requests.length);
      expect(rows.every((r) => r.status === 'applied')).toBe(true);
      const audited = (await server.stores.client.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'tier.decided' AND username = 'zhao'`)).rows[0]!.n;
      expect(Number(audited)).toBe(requests.length);
      const states = await expectOk<QueuedDecisionView[]>(zhao.dispatch('review.queued', {}));
      expect(states.every((d) => d.state === 'done')).toBe(true);
      const tierOf = async (firmId: string, field: string) => (await server.stores.client.query<{ v: string }>(`SELECT data->>$2 AS v FROM directory_firms WHERE id = $1`, [firmId, field])).rows[0]!.v;
      expect(await tierOf('demo-01', 'keyTier')).toBe('cultivated'); // zhao accepted the first request

      // Another county's supervisor: refused, and it says why.
      proxyOptions.faultRate = 0;
      await syncUntilSent(sun);
      const refused = (await expectOk<QueuedDecisionView[]>(sun.dispatch('review.queued', {})))[0]!;
      expect(refused).toMatchObject({ state: 'rejected', result: { reasons: ['subject: validation.outOfScope'] } });

      // qian's decision arrives later: it stands (the tier goes back), and names zhao's.
      await syncUntilSent(qian);
      const later = (await expectOk<QueuedDecisionView[]>(qian.dispatch('review.queued', {})))[0]!;
      expect(later).toMatchObject({ state: 'done', result: { status: 'applied', replaced: { by: 'zhao-name', outcome: 'accepted' } } });
      expect(await tierOf('demo-01', 'keyTier')).toBe('key');
      const history = (await server.stores.client.query<{ status: string; decision_note: string }>('SELECT status, decision_note FROM firm_tier_changes WHERE id = $1', [requests[0]!.id])).rows[0];
      expect(history).toEqual({ status: 'declined', decision_note: '年度名额已满，明年再议' });
      const kept = (await server.stores.client.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM decisions WHERE subject = $1 AND status = 'applied'`, [requests[0]!.id])).rows[0]!.n;
      expect(Number(kept)).toBe(2); // both in the history

      // The officer who asked receives the decisions with their reasons, readable on the firm's page offline.
      await expectOk(officer.dispatch('sync.now', {}));
      const received = await expectOk<ReceivedDecision[]>(officer.dispatch('firms.decisions', { firmId: 'demo-01' }));
      const onFirst = received.filter((d) => d.subject === requests[0]!.id);
      expect(onFirst.map((d) => [d.decidedBy, d.outcome, d.note])).toEqual([
        ['qian-name', 'declined', '年度名额已满，明年再议'],
        ['zhao-name', 'accepted', null],
      ]);
      expect(onFirst[0]!.replaced).toMatchObject({ by: 'zhao-name' });
      // The refused decision of the other county never reaches anyone.
      expect(received.some((d) => d.decidedBy === 'sun-name')).toBe(false);
    } finally {
      await zhao.close();
      await qian.close();
      await sun.close();
      await officer.close();
    }
  }, 240_000);

  it("carries a supervisor's queued decisions on a USB stick: signed, applied once, and the receipt marks them sent", async () => {
    const wang = await tokenOf('wang');
    const asked = await post('/api/v1/firms/demo-01/tier', wang, { field: 'zjtxLevel', to: 'innovative', reason: '申请调整为创新型中小企业' });
    expect(asked.status).toBe(200);
    const request = asked.body.change as TierChange;
    const dataDir = tempDir('supervisor-usb');
    const exportPath = join(dataDir, 'transfer.xlt');
    const zhao = testApp({ dataDir, token: '', platform: fixedPathPlatform(exportPath) });
    try {
      await expectOk(zhao.dispatch('account.signIn', { serverUrl: proxy.url, username: 'zhao', password: 'correct horse 1' }));
      await expectOk(zhao.dispatch('sync.now', {})); // brings the server's transfer key, which USB files are sealed to
      proxyOptions.faultRate = 1; // no network for decisions at all
      const queued = await expectOk<QueuedDecisionView>(zhao.dispatch('review.decideTier', { id: request.id, accept: false, note: '尚未取得认定文件', label: '聊城预拌混凝土有限公司 专精特新' }));
      expect(queued.state).toBe('pending');
      expect(await expectOk(zhao.dispatch('transfer.export', {}))).toMatchObject({ status: 'saved', rows: 1 });
      // Carried to the office and uploaded by anyone signed in: the file's signature says whose decisions they are.
      const upload = async () => {
        const res = await fetch(`${server.url}/api/v1/transfers`, { method: 'POST', headers: { authorization: `Bearer ${wang}`, 'content-type': 'application/octet-stream' }, body: readFileSync(exportPath) });
        expect(res.status).toBe(200);
        return (await res.json()) as { decisions?: { id: string; status: string }[] };
      };
      const receipt = await upload();
      expect(receipt.decisions).toEqual([{ id: queued.id, status: 'applied', replaced: null }]);
      expect((await upload()).decisions).toEqual([{ id: queued.id, status: 'duplicate', replaced: null }]); // the same file again changes nothing
      expect((await server.stores.client.query<{ status: string; decision_note: string }>('SELECT status, decision_note FROM firm_tier_changes WHERE id = $1', [request.id])).rows[0]).toEqual({ status: 'declined', decision_note: '尚未取得认定文件' });
      // A changed file is refused whole.
      const tampered = JSON.parse(gunzipSync(await openSealed(readFileSync(exportPath), server.stores.transferKey, 'transfer')).toString()) as { decisions: { note: string }[] };
      tampered.decisions[0]!.note = '同意';
      const refused = await fetch(`${server.url}/api/v1/transfers`, { method: 'POST', headers: { authorization: `Bearer ${wang}`, 'content-type': 'application/octet-stream' }, body: gzipSync(JSON.stringify(tampered)) });
      expect(refused.status).toBe(422);
      // The receipt, carried back: the decision is marked sent.
      expect(await expectOk(zhao.dispatch('transfer.importReceipt', { receipt: JSON.stringify(receipt) }))).toEqual({ synced: 1, attention: 0 });
      expect((await expectOk<QueuedDecisionView[]>(zhao.dispatch('review.queued', {})))[0]).toMatchObject({ id: queued.id, state: 'done' });
    } finally {
      proxyOptions.faultRate = 0;
      await zhao.close();
    }
  });

  it('sets aside a decision the server keeps failing on, so the rest go through; "send again" sends it once it can', async () => {
    const wang = await tokenOf('wang');
    const a = (await post('/api/v1/firms/demo-10/tier', wang, { field: 'zjtxLevel', to: 'provincial', reason: '申请一' })).body.change as TierChange;
    const b = (await post('/api/v1/firms/demo-02/tier', wang, { field: 'zjtxLevel', to: 'little_giant', reason: '申请二' })).body.change as TierChange;
    const front = await startMisbehavingServer(server.url);
    const zhao = testApp({ token: '' });
    try {
      await expectOk(zhao.dispatch('account.signIn', { serverUrl: front.url, username: 'zhao', password: 'correct horse 1' }));
      front.failDecisionsWith = '这一条服务器总是处理失败';
      const poisoned = await expectOk<QueuedDecisionView>(zhao.dispatch('review.decideTier', { id: a.id, accept: false, note: '这一条服务器总是处理失败', label: 'a' }));
      const fine = await expectOk<QueuedDecisionView>(zhao.dispatch('review.decideTier', { id: b.id, accept: true, label: 'b' }));
      expect(fine.state).toBe('done'); // sent alone at once, past the one that fails
      for (let i = 0; i < 3; i++) await zhao.dispatch('sync.now', {});
      const set = (await expectOk<QueuedDecisionView[]>(zhao.dispatch('review.queued', {}))).find((d) => d.id === poisoned.id)!;
      expect(set).toMatchObject({ state: 'rejected', result: { reasons: ['subject: decision.serverFailed'] } });
      expect((await server.stores.client.query('SELECT 1 FROM decisions WHERE id = $1', [poisoned.id])).rows).toHaveLength(0);
      // Fixed on the server: sent again, applied once.
      front.failDecisionsWith = null;
      expect(await expectOk(zhao.dispatch('review.resend', { id: poisoned.id }))).toMatchObject({ state: 'done' });
      expect((await server.stores.client.query<{ status: string }>('SELECT status FROM firm_tier_changes WHERE id = $1', [a.id])).rows[0]!.status).toBe('declined');
    } finally {
      await zhao.close();
      await front.close();
    }
  });

  it('a proposed firm left out of the register, with a reason; a later acceptance stands; the officer who found it reads each', async () => {
    const wangId = (await server.stores.client.query<{ id: string }>(`SELECT id FROM accounts WHERE username = 'wang'`)).rows[0]!.id;
    // A firm wang found in the field, as the register keeps a proposal (a register firm's record with its own name and code).
    await server.stores.client.query(
      `INSERT INTO directory_firms (id, county_code, data, status, proposed_by, credit_code)
       SELECT 'firm-field-9', '371502', data || $1::jsonb, 'proposed', $2, '91371502MA3R8T2W4C' FROM directory_firms WHERE id = 'demo-02'`,
      [JSON.stringify({ id: 'firm-field-9', name: '聊城新发现绿色建材有限公司', creditCode: '91371502MA3R8T2W4C', certifications: [] }), wangId],
    );
    const zhao = await laptop('zhao');
    const qian = await laptop('qian');
    const officer = await laptop('wang');
    try {
      const rejected = await expectOk<QueuedDecisionView>(zhao.dispatch('review.rejectFirm', { firmId: 'firm-field-9', note: '与名录中的聊城绿筑重复', label: 'x' }));
      expect(rejected.state).toBe('done');
      const state = async () => (await server.stores.client.query<{ status: string; deleted: boolean }>(`SELECT status, deleted FROM directory_firms WHERE id = 'firm-field-9'`)).rows[0];
      expect(await state()).toEqual({ status: 'proposed', deleted: true });
      // The officer reads why on the firm's page (the decision came with the sync).
      expect(await expectOk(officer.dispatch('sync.now', {}))).toMatchObject({ lastError: null });
      expect((await expectOk<ReceivedDecision[]>(officer.dispatch('firms.decisions', { firmId: 'firm-field-9' })))[0]).toMatchObject({ kind: 'firm.reject', note: '与名录中的聊城绿筑重复', decidedBy: 'zhao-name' });
      // The county's other supervisor, later, takes it in: it stands, and says whose "no" it replaced.
      const accepted = await expectOk<QueuedDecisionView>(qian.dispatch('review.acceptFirm', { firmId: 'firm-field-9', label: 'y' }));
      expect(accepted).toMatchObject({ state: 'done', result: { replaced: { by: 'zhao-name', outcome: 'rejected' } } });
      expect(await state()).toEqual({ status: 'registered', deleted: false });
      expect(await expectOk(officer.dispatch('sync.now', {}))).toMatchObject({ lastError: null });
      expect((await expectOk<ReceivedDecision[]>(officer.dispatch('firms.decisions', { firmId: 'firm-field-9' }))).map((d) => d.kind)).toEqual(['firm.accept', 'firm.reject']);
      // A firm of the register itself cannot be left out through this channel.
      const refused = await expectOk<QueuedDecisionView>(zhao.dispatch('review.rejectFirm', { firmId: 'demo-01', note: '误操作测试', label: 'z' }));
      expect(refused).toMatchObject({ state: 'rejected', result: { reasons: ['subject: decision.notFound'] } });
    } finally {
      await zhao.close();
      await qian.close();
      await officer.close();
    }
  });

  it("an officer's tier request made offline goes with the next sync, once, through a faulty link; one the rules refuse is refused at once", async () => {
    const wang = await laptop('wang');
    const zhao = await laptop('zhao');
    try {
      expect(await wang.dispatch('firms.requestTier', { firmId: 'demo-10', field: 'keyTier', to: 'little_giant', reason: '写错了层级', label: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { to: 'validation.notAllowed' } } });
      proxyOptions.faultRate = 1;
      const asked = await expectOk<QueuedDecisionView>(wang.dispatch('firms.requestTier', { firmId: 'demo-10', field: 'keyTier', to: 'none', reason: '企业已转产，申请移出重点企业名单', label: '聊城鲁西 · 重点企业' }));
      expect(asked.state).toBe('pending');
      expect((await server.stores.client.query(`SELECT 1 FROM firm_tier_changes WHERE reason = '企业已转产，申请移出重点企业名单'`)).rows).toHaveLength(0);
      proxyOptions.faultRate = 0.6;
      await syncUntilSent(wang);
      proxyOptions.faultRate = 0;
      expect((await server.stores.client.query(`SELECT status FROM firm_tier_changes WHERE reason = '企业已转产，申请移出重点企业名单'`)).rows).toEqual([{ status: 'proposed' }]);
      const list = await expectOk<{ tierRequests: TierChange[] }>(zhao.dispatch('review.list', {}));
      expect(list.tierRequests.filter((r) => r.reason === '企业已转产，申请移出重点企业名单').map((r) => r.proposedBy)).toEqual(['wang-name']);
      // An officer's batch may not hold a supervisor's decision: refused item by item, nothing applied.
      const officerToken = await tokenOf('wang');
      const posing = await post('/api/v1/decisions/batch', officerToken, { protocol: 1, decisions: [{ id: crypto.randomUUID(), kind: 'tier.decide', subject: list.tierRequests[0]!.id, accept: true, decidedAt: new Date().toISOString() }] });
      expect(posing.body.results).toEqual([expect.objectContaining({ status: 'rejected', reasons: ['subject: validation.reviewersOnly'] })]);
    } finally {
      proxyOptions.faultRate = 0;
      await wang.close();
      await zhao.close();
    }
  });

  it("refuses an officer's decision and an item that is not a decision, each on its own", async () => {
    const wang = await tokenOf('wang');
    const zhao = await tokenOf('zhao');
    const decision = { id: crypto.randomUUID(), kind: 'firm.accept', subject: 'demo-01', decidedAt: new Date().toISOString() };
    expect((await post('/api/v1/decisions/batch', wang, { protocol: 1, decisions: [decision] })).body.results).toEqual([expect.objectContaining({ status: 'rejected' })]);
    expect((await server.stores.client.query('SELECT 1 FROM decisions WHERE id = $1', [decision.id])).rows).toHaveLength(0);
    const mixed = await post('/api/v1/decisions/batch', zhao, { protocol: 1, decisions: [{ ...decision, kind: 'firm.delete' }, { id: crypto.randomUUID(), kind: 'tier.decide', subject: '1', accept: false, decidedAt: new Date().toISOString() }] });
    expect(mixed.status).toBe(200);
    expect((mixed.body.results as { status: string; reasons: string[] }[]).map((r) => [r.status, r.reasons[0]])).toEqual([
      ['rejected', expect.stringMatching(/^kind: /)],
      ['rejected', 'note: validation.declineReason'],
    ]);
  });
});
