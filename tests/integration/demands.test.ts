import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { MethodOutput } from '../../shared/api/contract';
import type { DecisionResult } from '../../shared/api/decisions';
import type { ProblemRecord, ProblemWithTrail } from '../../shared/domain/problem';
import type { Visit } from '../../shared/domain/visit';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { callJson, inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

type App = ReturnType<typeof testApp>;

/**
 * Demands (issue 31) on the real server: the department checked against the bureau's list, a
 * supervisor's extension, 督办 note and 销号 through the decisions channel — only from a
 * supervisor of the county — reaching the officer's laptop with the problem pull; and the work
 * calendar's import (administrators only, bad rows named, nothing half-written).
 */
describe.each(SERVER_STORES)('demands (%s)', (store) => {
  let server: InProcessServer;
  const laptop = async (username: string) => {
    const app = testApp({ token: '' });
    await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username, password: 'correct horse 1' }));
    return app;
  };
  const sync = (app: App) => expectOk(app.dispatch('sync.now', {}));
  const complete = async (app: App, firmId: string, kind: string, answers: Record<string, unknown>) => {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind, answers: {} }));
    return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
  };
  const token = async (username: string) => {
    const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse 1', deviceName: 'test' }) });
    return ((await res.json()) as { token: string }).token;
  };
  const batch = async (username: string, decisions: unknown[]): Promise<DecisionResult[]> => {
    const res = await fetch(`${server.url}/api/v1/decisions/batch`, { method: 'POST', headers: { authorization: `Bearer ${await token(username)}`, 'content-type': 'application/json' }, body: JSON.stringify({ protocol: 1, decisions }) });
    return ((await res.json()) as { results: DecisionResult[] }).results;
  };
  const problem = (app: App, id: string) => expectOk<ProblemWithTrail>(app.dispatch('problems.get', { id }));
  const decide = (app: App, input: Record<string, unknown>) => expectOk<MethodOutput<'demands.decide'>>(app.dispatch('demands.decide', { label: '聊城预拌混凝土 · 融资', ...input }));

  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
      { username: 'sun', role: 'supervisor', counties: ['371503'] },
      { username: 'admin', role: 'admin', counties: null },
    ]);
    await server.stores.directory.upsertReference(
      ['市委金融办', '市财政局', '市自然资源和规划局'].map((name, sort) => ({ kind: 'department', code: `d${sort}`, name, group: '', sort, active: true })),
    );
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('checks the department, and only a supervisor of the county extends, chases and closes; the officer reads it all after a sync', async () => {
    const wang = await laptop('wang');
    const zhao = await laptop('zhao');
    try {
      const handed = (department: string) => fullAnswers({ visitDate: '2026-11-20', problems: [{ id: randomUUID(), category: 'financing', description: '流动资金紧张', helpRequested: '协调续贷', department, urgency: 'high', handedOn: '2026-11-20' }] });
      const good = await complete(wang, 'demo-01', 'diagnosis', handed('市委金融办'));
      const bad = await complete(wang, 'demo-02', 'diagnosis', handed('不存在的局'));
      await sync(wang);
      // The server holds the bureau's department list, whatever the laptop offered.
      const states = wang.db.prepare('SELECT id, sync_state AS state, sync_error AS error FROM visits WHERE id IN (?, ?)').all(good.id, bad.id) as { id: string; state: string; error: string | null }[];
      expect(states.find((s) => s.id === good.id)!.state).toBe('synced');
      expect(states.find((s) => s.id === bad.id)).toMatchObject({ state: 'attention', error: expect.stringContaining('validation.unknownDepartment') });
      const problemId = (good.answers.problems as { id: string }[])[0]!.id;

      await sync(zhao);
      const listed = await expectOk<MethodOutput<'demands.list'>>(zhao.dispatch('demands.list', { limit: 50, offset: 0 }));
      expect(listed.items.map((p) => p.id)).toContain(problemId);
      // An officer cannot decide on a demand: refused on the laptop before anything is queued, and by the server.
      expect((await wang.dispatch('demands.decide', { kind: 'close', problemId, label: 'x' })).ok).toBe(false);
      const decidedAt = new Date().toISOString();
      const [byOfficer] = await batch('wang', [{ id: randomUUID(), kind: 'demand.supervise', subject: problemId, note: '请尽快办理', decidedAt }]);
      expect(byOfficer).toMatchObject({ status: 'rejected', reasons: ['subject: validation.reviewersOnly'] });
      // Another county's supervisor: outside their scope, nothing written.
      const before = await server.tableDigests();
      const [bySun] = await batch('sun', [{ id: randomUUID(), kind: 'demand.extend', subject: problemId, days: 25, reason: '跨部门协调', decidedAt }]);
      expect(bySun).toMatchObject({ status: 'rejected', reasons: ['subject: validation.outOfScope'] });
      // (Signing in wrote a session; the problem and the decisions are untouched.)
      const after = await server.tableDigests();
      expect([after.problem_state, after.decisions]).toEqual([before.problem_state, before.decisions]);

      // The county's supervisor: an extension must give more than the 15 days allowed; closing needs a resolution.
      expect((await decide(zhao, { kind: 'extend', problemId, days: 10, reason: '跨部门协调' })).result).toMatchObject({ status: 'rejected', reasons: ['subject: demand.extensionTooShort'] });
      expect((await decide(zhao, { kind: 'close', problemId })).result).toMatchObject({ status: 'rejected', reasons: ['subject: demand.notResolved'] });
      expect((await decide(zhao, { kind: 'extend', problemId, days: 25, reason: '需市财政局贴息审批' })).state).toBe('done');
      expect((await decide(zhao, { kind: 'supervise', problemId, note: '已超过答复时限，请跟进金融办' })).state).toBe('done');

      // The officer's next sync brings both: the note on the home screen, the longer deadline on the problem.
      await sync(wang);
      const supervised = await expectOk<ProblemRecord[]>(wang.dispatch('demands.supervised', {}));
      expect(supervised.map((p) => [p.id, p.supervision.at(-1)!.note])).toEqual([[problemId, '已超过答复时限，请跟进金融办']]);
      const extended = await problem(wang, problemId);
      expect(extended.extension).toMatchObject({ days: 25, reason: '需市财政局贴息审批', by: 'zhao-name' });
      expect(extended.clock!.deadlines.resolveDays).toBe(25);

      // The department answers, the firm is called back and satisfied: 办结; the supervisor closes it for good.
      await complete(wang, 'demo-01', 'followup', {
        visitDate: '2026-11-27',
        peopleMet: '王建国',
        updates: [{ problemId, status: 'resolved', note: '续贷已放款', departmentStep: 'answered', departmentBy: '金融办李科长', callback: { how: 'phone', on: '2026-11-27', verdict: 'satisfied', note: '满意' } }],
      });
      await sync(wang);
      const openHere = async () => (await expectOk<{ items: ProblemRecord[] }>(wang.dispatch('problems.list', { openOnly: true }))).items;
      // Resolved, it stays on the officer's open list until it is closed for good (the refused visit's problem is still here too, unsent).
      expect((await openHere()).find((p) => p.id === problemId)?.stage).toBe('resolved');
      await sync(zhao);
      expect((await decide(zhao, { kind: 'close', problemId })).state).toBe('done');
      await sync(wang);
      const closed = await problem(wang, problemId);
      expect(closed).toMatchObject({ stage: 'closed', closedBy: 'zhao-name', callback: { verdict: 'satisfied' }, answeredOn: '2026-11-27', resolvedOn: '2026-11-27' });
      expect(closed.clock).toMatchObject({ onTime: true, daysToResolve: 5 });
      expect((await openHere()).map((p) => p.id)).not.toContain(problemId);
      const { rows } = await server.stores.client.query<{ action: string; n: string | number }>(`SELECT action, COUNT(*) AS n FROM audit_log WHERE action LIKE 'demand.%' AND outcome = 'done' GROUP BY action ORDER BY action`);
      expect(rows.map((r) => [r.action, Number(r.n)])).toEqual([['demand.closed', 1], ['demand.extended', 1], ['demand.supervised', 1]]);
    } finally {
      await Promise.all([wang.close(), zhao.close()]);
    }
  });

  it('imports a year of the work calendar: bad rows named and nothing written, then applied whole; only administrators', async () => {
    const admin = await token('admin');
    const officer = await token('wang');
    const post = (bearer: string, body: string, query: string) =>
      fetch(`${server.url}/api/v1/calendar/import?${query}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/octet-stream' }, body: Buffer.from(body) });
    const good = '日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06,休,春节\n2027-02-07,班,春节调休上班\n';
    // An officer is refused before the body is read.
    expect((await post(officer, good, 'source=x&apply=1')).status).toBe(403);
    const before = await server.tableDigests();
    const badFile = '日期,类型,名称\n2027-01-01,休,元旦\n2027-13-01,休,坏日期\n2027-01-02,放假?,坏类型\n2027-01-01,班,重复\n';
    const bad = (await (await post(admin, badFile, 'source=国办发明电&apply=1')).json()) as { applied: boolean; errors: { row: number; key: string }[] };
    expect(bad.applied).toBe(false);
    expect(bad.errors.map((e) => [e.row, e.key])).toEqual([[3, 'badDate'], [4, 'badType'], [5, 'duplicate']]);
    expect({ ...(await server.tableDigests()), audit_log: '' }).toEqual({ ...before, audit_log: '' });
    // No source: refused (a calendar says where it came from).
    expect((await callJson(server.url, '/api/v1/demand-limits', officer)).status).toBe(200);
    expect((await post(admin, good, 'apply=1')).status).toBe(400);
    const dry = (await (await post(admin, good, 'source=国办发明电〔2026〕X号')).json()) as { applied: boolean; years: number[]; counts: { holidays: number; workdays: number } };
    expect(dry).toMatchObject({ applied: false, years: [2027], counts: { holidays: 2, workdays: 1 } });
    const applied = (await (await post(admin, good, 'source=国办发明电〔2026〕X号&apply=1')).json()) as { applied: boolean };
    expect(applied.applied).toBe(true);

    // A laptop's next pull counts with it: 2027 is covered, 1 Jan is a holiday and Sunday 7 Feb a working day.
    const wang = await laptop('wang');
    try {
      await sync(wang);
      const settings = await expectOk<MethodOutput<'demands.settings'>>(wang.dispatch('demands.settings', {}));
      expect(settings.bureauCalendar).toBe(true);
      expect(settings.years).toContain(2027);
      expect(settings.days.filter((d) => d.date.startsWith('2027'))).toEqual([
        { date: '2027-01-01', type: 'holiday', name: '元旦' },
        { date: '2027-02-06', type: 'holiday', name: '春节' },
        { date: '2027-02-07', type: 'workday', name: '春节调休上班' },
      ]);
      // The seeded State Council years came with it (server migration 20).
      expect(settings.years).toEqual(expect.arrayContaining([2024, 2025, 2026, 2027]));
    } finally {
      await wang.close();
    }
    // Limits: administrators only, in order.
    const put = (bearer: string, limits: unknown) => fetch(`${server.url}/api/v1/demand-limits`, { method: 'PUT', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify({ limits }) });
    const limits = { low: { takeUp: 2, answer: 5, resolve: 20 }, normal: { takeUp: 1, answer: 3, resolve: 15 }, high: { takeUp: 1, answer: 2, resolve: 10 } };
    expect((await put(officer, limits)).status).toBe(403);
    expect((await put(admin, { ...limits, high: { takeUp: 5, answer: 2, resolve: 10 } })).status).toBe(400);
    expect((await put(admin, limits)).status).toBe(200);
    expect(((await callJson<{ limits: unknown }>(server.url, '/api/v1/demand-limits', officer)).body).limits).toEqual(limits);
  });
});
