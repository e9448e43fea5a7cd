import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract';
import type { Summary } from '../../shared/domain/summary';
import type { Visit } from '../../shared/domain/visit';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { startFaultProxy } from '../fixtures/fault-proxy';
import { freePort, preparedServerData, serverAdmin, startCentralServer, tempDir } from '../fixtures/processes';
import { PROTOCOL_STORES, storeEnv } from '../fixtures/server-stores';
import { rng } from '../fixtures/random';

describe.each(PROTOCOL_STORES)('supervisors pull the consolidated visits of their scope (%s)', (store) => {
  it('gets the visits and problem states of their counties only, incrementally, read-only; keeps the last good copy when the server is gone or the token revoked', async () => {
    const env = await storeEnv(store, join(tempDir('pull-server'), 'data'));
    const serverData = preparedServerData([
      { username: 'wang', county: '371502' },
      { username: 'li', county: '371521' },
      { username: 'zhao', county: '371502', role: 'supervisor' },
    ], 'correct horse 1', env);
    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    let server = await startCentralServer({ port, dataDir: serverData, env });
    const laptop = (username: string) => {
      const app = testApp({ serverUrl, token: '' });
      return { app, signIn: () => expectOk(app.dispatch('account.signIn', { serverUrl, username, password: 'correct horse 1' })) };
    };
    const wang = laptop('wang');
    const li = laptop('li');
    const zhao = laptop('zhao');
    const complete = async (app: ReturnType<typeof testApp>, firmId: string, answers: Record<string, unknown>, kind: Visit['kind'] = 'diagnosis') => {
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind, answers: {} }));
      return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
    };
    try {
      await wang.signIn();
      await li.signIn();
      await zhao.signIn();
      const diagnosis = await complete(wang.app, 'demo-01', fullAnswers({ visitDate: '2026-11-02' }));
      const problemId = (diagnosis.answers.problems as { id: string }[])[0]!.id;
      const loan = { bank: '工商银行聊城分行', stage: 'funded', on: '2026-11-20', amount: 3000 };
      await complete(wang.app, 'demo-01', { visitDate: '2026-11-20', peopleMet: '王', updates: [{ problemId, status: 'resolved', note: '已放款', callback: { how: 'phone', on: '2026-11-20', verdict: 'satisfied', note: '' }, financing: loan }] }, 'followup');
      await complete(li.app, 'demo-05', fullAnswers({ visitDate: '2026-11-03' }));
      await expectOk(wang.app.dispatch('sync.now', {}));
      await expectOk(li.app.dispatch('sync.now', {}));

      await expectOk(zhao.app.dispatch('sync.now', {}));
      const list = await expectOk<{ items: { firmId: string; officer: string }[] }>(zhao.app.dispatch('visits.list', {}));
      expect(list.items.map((v) => v.firmId).sort()).toEqual(['demo-01', 'demo-01']); // li's Yanggu visit is outside zhao's scope
      const summary = await expectOk<Summary>(zhao.app.dispatch('summary.get', { from: '2026-11-01', to: '2026-11-30' }));
      expect(summary.totals).toMatchObject({ visits: 2, problems: 1, resolved: 1, resolutionRate: 1, medianDaysToResolve: expect.any(Number) });
      // The financing case travelled with the follow-up: the supervisor sees the need met, counted by the same rules.
      expect(summary.totals).toMatchObject({ financingDemand: 3000, financingReceived: 3000, demandMetShare: 1, medianDaysToFunds: 18 });
      expect(summary.financingByBank).toEqual([{ bank: '中国工商银行聊城分行', cases: 1, approved: 0, received: 3000 }]); // typed as 工商银行聊城分行: the list's name
      expect(await zhao.app.dispatch('visits.amend', { id: diagnosis.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      // Incremental: only what arrived since the last pull.
      const cursor = Number(zhao.app.db.prepare("SELECT value FROM settings WHERE key = 'visits.cursor'").pluck().get());
      await complete(wang.app, 'demo-02', fullAnswers({ visitDate: '2026-11-21' }));
      await expectOk(wang.app.dispatch('sync.now', {}));
      await expectOk(zhao.app.dispatch('sync.now', {}));
      expect((await expectOk<{ total: number }>(zhao.app.dispatch('visits.list', {}))).total).toBe(3);
      expect(Number(zhao.app.db.prepare("SELECT value FROM settings WHERE key = 'visits.cursor'").pluck().get())).toBeGreaterThan(cursor);
      // Who visited where and when: the supervisor's filters on the pulled visits.
      expect(await expectOk(zhao.app.dispatch('visits.officers', {}))).toEqual(['wang']);
      const where = async (filter: Record<string, string>) => (await expectOk<{ items: { firmId: string; officer: string; countyCode: string | null }[]; total: number }>(zhao.app.dispatch('visits.list', filter)));
      expect((await where({ officer: 'wang', countyCode: '371502' })).items.every((v) => v.officer === 'wang' && v.countyCode === '371502')).toBe(true);
      expect((await where({ officer: 'wang' })).total).toBe(3);
      expect((await where({ countyCode: '371521' })).total).toBe(0);
      expect((await where({ query: '绿筑' })).items.map((v) => v.firmId)).toEqual(['demo-02']);
      expect((await where({ query: '91371502MA3D7K9P95'.toLowerCase() })).items.map((v) => v.firmId)).toEqual(['demo-02']); // a credit code typed in lower case
      expect((await where({ from: '2026-11-21', to: '2026-11-30' })).items.map((v) => v.firmId)).toEqual(['demo-02']);
      expect((await where({ to: '2026-11-20' })).total).toBe(2);

      // The server is gone: a clear status, and the local copy still answers.
      await server.stop();
      const offline = await expectOk<SyncStatus>(zhao.app.dispatch('sync.now', {}));
      expect(offline.lastError).toMatch(/network/);
      expect((await expectOk<Summary>(zhao.app.dispatch('summary.get', { from: '2026-11-01', to: '2026-11-30' }))).totals.visits).toBe(3);

      // The token was revoked (as an expired one would be): "sign in again", data still there.
      expect(serverAdmin(serverData, ['revoke-devices', '--username', 'zhao'], undefined, env).status).toBe(0);
      server = await startCentralServer({ port, dataDir: serverData, env });
      const revoked = await expectOk<SyncStatus>(zhao.app.dispatch('sync.now', {}));
      expect(revoked.lastError).toMatch(/sign in again/);
      expect((await expectOk<{ total: number }>(zhao.app.dispatch('visits.list', {}))).total).toBe(3);
    } finally {
      await Promise.all([wang.app.close(), li.app.close(), zhao.app.close()]);
      await server.stop();
    }
  }, 180_000);

  it('a supervisor whose counties were taken away is told to ask the administrator, keeps the local copy, and pulls again once given a county', async () => {
    const env = await storeEnv(store, join(tempDir('pull-server'), 'data'));
    const serverData = preparedServerData([
      { username: 'sun', county: '371503' },
      { username: 'zhou', county: '371503', role: 'supervisor' },
    ], 'correct horse 1', env);
    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    let server = await startCentralServer({ port, dataDir: serverData, env });
    // Embedded PGlite belongs to one process: the administrator's command runs while the server is stopped.
    const admin = async (args: string[]) => {
      await server.stop();
      const result = serverAdmin(serverData, args, undefined, env);
      server = await startCentralServer({ port, dataDir: serverData, env });
      return result;
    };
    const sun = testApp({ serverUrl, token: '' });
    const zhou = testApp({ serverUrl, token: '' });
    const month = { from: '2026-11-01', to: '2026-11-30' };
    try {
      await expectOk(sun.dispatch('account.signIn', { serverUrl, username: 'sun', password: 'correct horse 1' }));
      await expectOk(zhou.dispatch('account.signIn', { serverUrl, username: 'zhou', password: 'correct horse 1' }));
      const { id } = await expectOk<{ id: string }>(sun.dispatch('visits.saveDraft', { firmId: 'demo-03', kind: 'diagnosis', answers: {} }));
      await expectOk(sun.dispatch('visits.complete', { id, answers: fullAnswers({ visitDate: '2026-11-04' }) }));
      await expectOk(sun.dispatch('sync.now', {}));
      expect(await expectOk<SyncStatus>(zhou.dispatch('sync.now', {}))).toMatchObject({ problem: null, lastError: null });

      // The administrator's command refuses a muddled scope, then takes every county away.
      const muddled = await admin(['set-scope', '--username', 'zhou', '--none', '--county', '371503']);
      expect(muddled.status).toBe(1);
      expect(muddled.stderr).toMatch(/exactly one of/);
      expect((await admin(['set-scope', '--username', 'zhou', '--none'])).status).toBe(0);
      const noScope = await expectOk<SyncStatus>(zhou.dispatch('sync.now', {}));
      expect(noScope.problem).toBe('noScope');
      expect(noScope.lastError).toMatch(/403 NO_SCOPE/);
      expect((await expectOk<Summary>(zhou.dispatch('summary.get', month))).totals.visits).toBe(1);

      expect((await admin(['set-scope', '--username', 'zhou', '--county', '371503'])).status).toBe(0);
      expect(await expectOk<SyncStatus>(zhou.dispatch('sync.now', {}))).toMatchObject({ problem: null, lastError: null });
    } finally {
      await Promise.all([sun.close(), zhou.close()]);
      await server.stop();
    }
  }, 120_000);

  it('a pull cut mid-page by a bad link applies whole pages only and completes on later tries', async () => {
    const env = await storeEnv(store, join(tempDir('pull-server'), 'data'));
    const serverData = preparedServerData([
      { username: 'qian', county: '371502' },
      { username: 'feng', county: '371502', role: 'supervisor' },
    ], 'correct horse 1', env);
    const port = await freePort();
    const server = await startCentralServer({ port, dataDir: serverData, env });
    // Only the supervisor's page requests meet faults: cut, truncated, reset, portal answers.
    const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port }, faultRate: 0.5, random: rng(7), faults: ['cut-response', 'truncate', 'reset', 'portal'], faultFilter: (line) => line.includes('/api/v1/visits/changes') });
    const qian = testApp({ serverUrl: server.url, token: '' });
    const feng = testApp({ serverUrl: proxy.url, token: '', sync: { timeoutMs: 5_000 } });
    const VISITS = 1_100; // three pages of up to 500
    try {
      await expectOk(qian.dispatch('account.signIn', { serverUrl: server.url, username: 'qian', password: 'correct horse 1' }));
      await expectOk(feng.dispatch('account.signIn', { serverUrl: proxy.url, username: 'feng', password: 'correct horse 1' }));
      for (let i = 0; i < VISITS; i++) {
        const { id } = await expectOk<{ id: string }>(qian.dispatch('visits.saveDraft', { firmId: i % 2 ? 'demo-01' : 'demo-02', kind: 'diagnosis', answers: {} }));
        await expectOk(qian.dispatch('visits.complete', { id, answers: fullAnswers({ visitDate: '2026-11-05', conclusion: `第 ${i} 次` }) }));
      }
      for (let round = 0; round < 20 && (await expectOk<SyncStatus>(qian.dispatch('sync.now', {}))).waiting > 0; round++);
      const counts: number[] = [];
      const receiving: number[] = [];
      feng.events.subscribe((event, payload) => {
        const status = payload as SyncStatus;
        if (event === 'sync.status' && status.state === 'receiving') receiving.push(status.receiving!);
      });
      let failures = 0;
      for (let round = 0; round < 60; round++) {
        const status = await expectOk<SyncStatus>(feng.dispatch('sync.now', {}));
        const held = feng.db.prepare("SELECT COUNT(*) FROM visits WHERE origin = 'server'").pluck().get() as number;
        counts.push(held);
        // Whole pages or nothing: every visit pulled has its problems too.
        expect(feng.db.prepare("SELECT COUNT(*) FROM problems p JOIN visits v ON v.id = p.raised_visit_id WHERE v.origin = 'server'").pluck().get()).toBe(held);
        if (status.lastError) failures++;
        else if (held === VISITS) break;
      }
      expect(counts.at(-1)).toBe(VISITS);
      expect(failures).toBeGreaterThan(0); // the link really failed some pulls
      expect(counts.every((n) => n % 500 === 0 || n === VISITS)).toBe(true);
      // The status bar showed the pull under way, page by page.
      expect(receiving).toContain(500);
      expect(Math.max(...receiving)).toBeGreaterThanOrEqual(500);
      const summary = await expectOk<Summary>(feng.dispatch('summary.get', { from: '2026-11-01', to: '2026-11-30' }));
      expect(summary.totals).toMatchObject({ visits: VISITS, problems: VISITS });
    } finally {
      await Promise.all([qian.close(), feng.close()]);
      await proxy.close();
      await server.stop();
    }
  }, 240_000);
});
