import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentImportReport, AssignmentStep, FirmOfficer } from '../../shared/api/assignments';
import type { DirectoryBody } from '../../shared/api/sync-protocol';
import type { MethodOutput } from '../../shared/api/contract';

type Mine = MethodOutput<'assignments.mine'>;
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

/**
 * 包联 on the real server (issue 30): the assignment list import (whole or not at all), handing
 * an officer's firms over, the history, who may do what, and what laptops receive.
 */
const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.each(SERVER_STORES)('firms assigned to officers (%s)', (store) => {
  let server: InProcessServer;
  const tokens = new Map<string, string>();
  const tokenOf = async (username: string) => {
    if (!tokens.has(username)) {
      const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse 1', deviceName: 'test' }) });
      tokens.set(username, ((await res.json()) as { token: string }).token);
    }
    return tokens.get(username)!;
  };
  const call = async <T = Record<string, unknown>>(method: string, path: string, username: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await tokenOf(username)}`, ...(body === undefined ? {} : Buffer.isBuffer(body) ? { 'content-type': 'application/octet-stream' } : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T & { error?: { key?: string } } };
  };
  const importCsv = (lines: string[], apply: boolean) => call<AssignmentImportReport>('POST', `/api/v1/assignments/import?source=${encodeURIComponent('2026年包联名单.csv')}${apply ? '&apply=1' : ''}`, 'admin', Buffer.from(`\uFEFF${lines.join('\r\n')}`));
  const officerOf = async (firmId: string) => (await call<{ officer: FirmOfficer | null; history: AssignmentStep[] }>('GET', `/api/v1/firms/${firmId}/assignments`, 'admin')).body;

  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'li', counties: ['371502', '371503'] },
      { username: 'zhou', counties: ['371503'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
      { username: 'sun', role: 'supervisor', counties: ['371503'] },
      { username: 'admin', role: 'admin', counties: null },
    ]);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('an assignment list with bad rows writes nothing and names each row; a good one is applied whole and reaches the directory pull', async () => {
    await tokenOf('admin'); // signed in first: the sign-in is on the record, the import must not be
    const before = await server.tableDigests();
    const bad = await importCsv(
      [
        '统一社会信用代码,包联人账号,备注',
        '91371502MA3C1B2K52,wang,', // fine on its own
        '91371502MA3C1B2K00,wang,', // not in the register
        '91371502MA3D7K9P95,nobody,', // no such account
        '91371503MA3E2L5Q8X,wang,', // wang does not serve 371503
        '91371502MA3M7U4AXP,zhao,', // a supervisor is not an officer
        '91371502MA3C1B2K52,li,', // listed twice
        ',wang,',
      ],
      true,
    );
    expect(bad.status).toBe(200);
    expect(bad.body.applied).toBe(false);
    expect(bad.body.errors).toEqual([
      { row: 3, key: 'unknownCode', value: '91371502MA3C1B2K00' },
      { row: 4, key: 'unknownUser', value: 'nobody' },
      { row: 5, key: 'outsideCounty', value: 'wang' },
      { row: 6, key: 'notAnOfficer', value: 'zhao' },
      { row: 7, key: 'duplicate', value: '91371502MA3C1B2K52' },
      { row: 8, key: 'missing', value: 'wang' },
    ]);
    expect(await server.tableDigests()).toEqual(before);

    const noHeader = await importCsv(['企业名称,联系人', '聊城预拌混凝土有限公司,王建国'], false);
    expect(noHeader.body.errors).toEqual([{ row: 1, key: 'noHeader', value: '企业名称 | 联系人' }]);

    const good = ['信用代码,账号', '91371502ma3c1b2k52,wang', '91371502MA3D7K9P95,wang', '91371503MA3E2L5Q8X,li', '91371503MA3N9W7B44,zhou'];
    const dry = await importCsv(good, false);
    expect(dry.body).toMatchObject({ applied: false, errors: [], counts: { rows: 4, changed: 4, unchanged: 0 } });
    expect(await server.tableDigests()).toEqual(before);
    const applied = await importCsv(good, true);
    expect(applied.body).toMatchObject({ applied: true, counts: { rows: 4, changed: 4 } });
    expect((await importCsv(good, false)).body.counts).toEqual({ rows: 4, changed: 0, unchanged: 4 });

    const firm01 = await officerOf('demo-01');
    expect(firm01.officer).toMatchObject({ username: 'wang', name: 'wang-name' });
    expect(firm01.officer!.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(firm01.history).toEqual([expect.objectContaining({ from: null, to: 'wang', toName: 'wang-name', by: 'admin-name', reason: '名单导入：2026年包联名单.csv', via: 'import' })]);

    // wang's laptop pulls its counties: both firms name wang; another county's firm is not sent.
    const pulled = (await call<DirectoryBody>('GET', '/api/v1/directory?cursor=0', 'wang')).body;
    const officers = Object.fromEntries(pulled.firms.map((f) => [f.id, f.officer?.username ?? null]));
    expect(officers).toMatchObject({ 'demo-01': 'wang', 'demo-02': 'wang', 'demo-10': null });
    expect(officers['demo-03']).toBeUndefined();
    expect(pulled.reference.filter((r) => r.kind === 'visit_cadence').map((r) => [r.code, (r.detail as { days: number }).days])).toEqual(
      expect.arrayContaining([['key', 30], ['cultivated', 60], ['none', 90]]),
    );
  });

  it('a handover moves every firm of one officer in the supervisor’s counties, with its history; who may assign is the account’s, not the request’s', async () => {
    // An officer cannot assign, whatever the body says: refused before it is read.
    const byOfficer = await call('POST', '/api/v1/assignments', 'wang', { firmIds: ['demo-01'], to: 'wang', reason: '自己来' });
    expect(byOfficer.status).toBe(403);
    expect((await call('POST', '/api/v1/assignments/import', 'zhao', Buffer.from('a,b'))).status).toBe(403);
    // Another county's supervisor cannot touch a firm of 371502.
    const sun = await call('POST', '/api/v1/assignments', 'sun', { firmIds: ['demo-01'], to: 'li', reason: '调整包联' });
    expect(sun.status).toBe(403);
    expect(sun.body.error?.key).toBe('validation.outOfScope');
    // An officer whose counties do not hold the firm cannot be named.
    const outside = await call('POST', '/api/v1/assignments', 'zhao', { firmIds: ['demo-01', 'demo-10'], to: 'zhou', reason: '调整包联' });
    expect(outside.status).toBe(422);
    expect(outside.body.error?.key).toBe('assignments.refused.outsideCounty');
    expect((await officerOf('demo-10')).officer).toBeNull(); // nothing of the refused request was written
    const reason = await call('POST', '/api/v1/assignments', 'zhao', { firmIds: ['demo-10'], to: 'wang', reason: '' });
    expect(reason.status).toBe(400);

    expect((await call('POST', '/api/v1/assignments', 'zhao', { firmIds: ['demo-10'], to: 'wang', reason: '新增包联' })).body).toMatchObject({ changed: 1, unchanged: 0 });
    // zhao hands wang's firms over to li: the three in 371502 move.
    const handover = await call('POST', '/api/v1/assignments', 'zhao', { fromOfficer: 'wang', to: 'li', reason: '王专员调岗' });
    expect(handover.body).toMatchObject({ changed: 3, unchanged: 0 });
    for (const id of ['demo-01', 'demo-02', 'demo-10']) expect((await officerOf(id)).officer?.username).toBe('li');
    const history = (await officerOf('demo-01')).history;
    expect(history.map((h) => [h.from, h.to, h.by, h.reason])).toEqual([
      ['wang', 'li', 'zhao-name', '王专员调岗'],
      [null, 'wang', 'admin-name', '名单导入：2026年包联名单.csv'],
    ]);
    // The officers zhao may name: those serving 371502, with their firms there.
    const officers = (await call<{ officers: { username: string; firms: number }[] }>('GET', '/api/v1/assignments/officers', 'zhao')).body.officers;
    expect(officers.map((o) => [o.username, o.firms])).toEqual([['li', 3], ['wang', 0]]);
    expect((await call('GET', '/api/v1/assignments/officers', 'wang')).status).toBe(403);
    // A firm's history is for those whose counties hold it.
    expect((await call('GET', '/api/v1/firms/demo-01/assignments', 'zhou')).status).toBe(403);
    // Each change is on the audit log: who, how many, where.
    const { rows } = await server.stores.client.query<{ object: string | null; detail: Record<string, unknown> | string }>(`SELECT object, detail FROM audit_log WHERE action = 'firm.assigned' ORDER BY id`);
    expect(rows.map((r) => ({ object: r.object, ...(typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) }))).toEqual([
      { object: null, firms: 4, via: 'import' },
      { object: 'wang', firms: 1, via: 'online', firm: 'demo-10' },
      { object: 'li', firms: 3, via: 'online', handoverFrom: 'wang' },
    ]);
  });

  it('the laptop lists the firms its officer answers for, due by the bureau’s cadence, and follows a handover and a new cadence', async () => {
    const laptop = testApp({ token: '' });
    try {
      await expectOk(laptop.dispatch('account.signIn', { serverUrl: server.url, username: 'li', password: 'correct horse 1' }));
      await expectOk(laptop.dispatch('sync.now', {}));
      const mine = await expectOk<Mine>(laptop.dispatch('assignments.mine', {}));
      expect(mine.username).toBe('li');
      expect(mine.items.map((f) => f.id).sort()).toEqual(['demo-01', 'demo-02', 'demo-03', 'demo-10']);
      // Never visited: due a cadence after the assignment began — key firms (30 days) before cultivated ones (60).
      const first = mine.items[0]!;
      expect(first.keyTier).toBe('key');
      // (The server begins an assignment on the bureau's day, UTC+8; the laptop counts from its own.)
      expect(first).toMatchObject({ state: 'onTrack', dueDate: plusDays(first.since, 30), daysSinceVisit: null, lastVisitDate: null });
      expect(mine.items.find((f) => f.id === 'demo-10')).toMatchObject({ keyTier: 'cultivated', dueDate: plusDays(first.since, 60) });

      // The administrator sets a tighter cadence; the next pull brings it.
      expect((await call('PUT', '/api/v1/cadence', 'zhao', { cadence: { key: 14, cultivated: 30, none: 60 } })).status).toBe(403);
      expect((await call('PUT', '/api/v1/cadence', 'admin', { cadence: { key: 3, cultivated: 30, none: 60 } })).status).toBe(400);
      expect((await call('PUT', '/api/v1/cadence', 'admin', { cadence: { key: 14, cultivated: 30, none: 60 } })).status).toBe(200);
      await expectOk(laptop.dispatch('sync.now', {}));
      expect(await expectOk(laptop.dispatch('cadence.get', {}))).toEqual({ key: 14, cultivated: 30, none: 60 });
      expect((await expectOk<Mine>(laptop.dispatch('assignments.mine', {}))).items[0]).toMatchObject({ dueDate: plusDays(first.since, 14) });

      // li has begun a diagnosis of demo-01 when zhao hands li's 371502 firms back to wang: li keeps only demo-03
      // (371503, zhao's counties do not hold it), and the draft begun before still completes and reaches the server.
      const { id: draft } = await expectOk<{ id: string }>(laptop.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
      await call('POST', '/api/v1/assignments', 'zhao', { fromOfficer: 'li', to: 'wang', reason: '李专员休假' });
      await expectOk(laptop.dispatch('visits.complete', { id: draft, answers: fullAnswers() }));
      await expectOk(laptop.dispatch('sync.now', {}));
      expect((await expectOk<Mine>(laptop.dispatch('assignments.mine', {}))).items.map((f) => f.id)).toEqual(['demo-03']);
      const onPage = await expectOk<MethodOutput<'firms.officer'>>(laptop.dispatch('firms.officer', { firmId: 'demo-01' }));
      expect(onPage.officer?.username).toBe('wang');
      expect(onPage.history?.[0]).toMatchObject({ from: 'li', to: 'wang', reason: '李专员休假' });
      expect(laptop.db.prepare('SELECT sync_state FROM visits WHERE id = ?').pluck().get(draft)).toBe('synced');
    } finally {
      await laptop.close();
    }
  });
});
