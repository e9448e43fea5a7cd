import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemCategory, ProblemRecord, ProblemWithTrail } from '../../shared/domain/problem';
import type { ProblemState, ProblemStep } from '../../shared/domain/problem-state';
import type { Visit } from '../../shared/domain/visit';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { bankMatcher, bankNameFor } from '../../shared/domain/banks';
import { BANKS } from '../../shared/reference/banks';
import { replayProblemStateIfPending } from '../../server/problems/problem-replay';
import { eventAnswers, expectOk, fullAnswers, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

type App = ReturnType<typeof testApp>;
const BANK_LIST = bankMatcher(BANKS.map((b) => ({ name: b.name, aliases: b.aliases })));

const complete = async (app: App, firmId: string | null, kind: Visit['kind'], answers: Record<string, unknown>) => {
  const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind, answers: {} }));
  return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
};
const amend = async (app: App, id: string, answers: Record<string, unknown>) => {
  await expectOk(app.dispatch('visits.amend', { id }));
  return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
};
const problem = (category: ProblemCategory, description: string) => ({ id: uuidv7(), category, description, helpRequested: '协调解决', department: '市住建局', urgency: 'normal' as const, dueDate: '2026-12-31' });

/** A laptop's view of every problem it holds, as its screens read it. */
async function laptopView(app: App) {
  const { items } = await expectOk<{ items: ProblemRecord[] }>(app.dispatch('problems.list', { limit: 500 }));
  const out: Record<string, unknown> = {};
  for (const { id } of items) {
    const p = await expectOk<ProblemWithTrail>(app.dispatch('problems.get', { id }));
    out[id] = {
      firmId: p.firmId,
      category: p.category,
      description: p.description,
      department: p.department,
      urgency: p.urgency,
      dueDate: p.dueDate,
      status: p.status,
      updatedAt: p.updatedAt,
      resolvedAt: p.resolvedAt,
      trail: p.events.map((e) => [e.visitId, e.revision, e.fromStatus, e.toStatus, e.note, e.at, e.officer, e.visitDate, e.visitKind, e.eventTitle]),
      banks: p.financing.map((f) => [f.visitId, f.bank, f.stage, f.on, f.amount]),
    };
  }
  return out;
}

/** The server's state of every problem it keeps (not removed), in the same shape. */
async function serverView(server: InProcessServer, counties: string[]) {
  const { rows } = await server.stores.client.query<{ state: ProblemState; trail: ProblemStep[] }>(
    'SELECT state, trail FROM problem_state WHERE NOT removed AND county_code = ANY($1::text[])',
    [counties],
  );
  const out: Record<string, unknown> = {};
  for (const { state: s, trail } of rows) {
    // The laptop keeps one bank step per (problem, visit): the visit's latest revision's.
    const latest = new Map<string, ProblemStep>();
    for (const step of trail) if ((latest.get(step.visitId)?.revision ?? 0) <= step.revision) latest.set(step.visitId, step);
    // The server keeps the bank as typed; laptops show it under the bank list's name (one bank is one bank).
    const banks = [...latest.values()].filter((t) => t.financing).map((t) => [t.visitId, bankNameFor(BANK_LIST, t.financing!.bank), t.financing!.stage, t.financing!.on, t.financing!.amount]);
    out[s.id] = {
      firmId: s.firmId,
      category: s.category,
      description: s.description,
      department: s.department,
      urgency: s.urgency,
      dueDate: s.dueDate,
      status: s.status,
      updatedAt: s.updatedAt,
      resolvedAt: s.resolvedAt,
      trail: trail.map((e) => [e.visitId, e.revision, e.fromStatus, e.toStatus, e.note, e.at, e.officer, e.visitDate, e.visitKind, e.eventTitle]),
      banks,
    };
  }
  return out;
}

const sortBanks = (view: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(view).map(([id, p]) => [id, { ...(p as object), banks: [...((p as { banks: unknown[][] }).banks ?? [])].sort((a, b) => String(a[3]).localeCompare(String(b[3])) || String(a[0]).localeCompare(String(b[0]))) }]));

describe.each(SERVER_STORES)("the server's problem state (%s)", (store) => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'li', counties: ['371502'] },
      { username: 'sun', counties: ['371503'] },
    ]);
  }, 120_000);
  afterAll(() => server?.close());

  it("equals the laptop's view on the same visits; a colleague receives it, follows a problem up, and the one who raised it sees who moved it", async () => {
    const signedIn = async (username: string) => {
      const app = testApp({ token: '', now: () => new Date('2026-12-02T10:00:00+08:00') });
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username, password: 'correct horse 1' }));
      return app;
    };
    const wang = await signedIn('wang');
    const li = await signedIn('li');
    const sun = await signedIn('sun');
    try {
      // Raised by two diagnoses and a patrol; moved by a follow-up (with a bank step), an amended
      // diagnosis (one problem dropped, one reworded), an event naming two firms, an amended follow-up.
      const [p1, p2, p3, p4, p5] = [problem('financing', '流动资金不足'), problem('land', '扩建用地指标未落实'), problem('market', '订单下滑'), problem('labour', '技术工人短缺'), problem('approvals', '环评审批慢')];
      await complete(wang, 'demo-01', 'diagnosis', fullAnswers({ visitDate: '2026-11-20', problems: [p1, p2] }));
      const d2 = await complete(wang, 'demo-02', 'diagnosis', fullAnswers({ visitDate: '2026-11-21', problems: [p3, p4] }));
      await complete(wang, 'demo-10', 'patrol', { visitDate: '2026-11-22', peopleMet: '李红', summary: '生产正常', followUpNeeded: true, problems: [p5] });
      await expectOk(wang.dispatch('sync.now', {})); // the server receives some, then the rest: its order is the laptop's
      const followUp = { visitDate: '2026-11-23', peopleMet: '王建国', updates: [{ problemId: p1.id, status: 'in_progress', note: '已推荐至工行', financing: { bank: '工商银行聊城分行', stage: 'referred', on: '2026-11-23' } }, { problemId: p2.id, status: 'resolved', note: '用地已落实', callback: { how: 'phone', on: '2026-11-23', verdict: 'satisfied', note: '' } }] };
      const f1 = await complete(wang, 'demo-01', 'followup', followUp);
      await amend(wang, d2.id, fullAnswers({ visitDate: '2026-11-21', problems: [{ ...p3, description: '订单下滑，库存积压' }] }));
      const approved = { bank: '工商银行聊城分行', stage: 'approved', on: '2026-11-25', amount: 2000, rate: 3.45, termMonths: 36 };
      await complete(wang, null, 'event', eventAnswers([{ firmId: 'demo-01', updates: [{ problemId: p1.id, status: 'in_progress', note: '银行已批贷', financing: approved }] }, { firmId: 'demo-02', updates: [{ problemId: p3.id, status: 'in_progress', note: '对接商会' }] }], { visitDate: '2026-11-25' }));
      await amend(wang, f1.id, { ...followUp, updates: [followUp.updates[0], { problemId: p2.id, status: 'in_progress', note: '用地仍在协调' }] });
      await expectOk(wang.dispatch('sync.now', {}));
      expect(wang.db.prepare("SELECT COUNT(*) FROM visits WHERE sync_state != 'synced'").pluck().get()).toBe(0);

      const wangView = await laptopView(wang);
      expect(Object.keys(wangView).sort()).toEqual([p1.id, p2.id, p3.id, p5.id].sort());
      expect(sortBanks(await serverView(server, ['371502']))).toEqual(sortBanks(wangView));
      // The dropped problem is kept as removed, so laptops that had it drop it too.
      expect((await server.stores.client.query<{ removed: boolean }>('SELECT removed FROM problem_state WHERE problem_id = $1', [p4.id])).rows).toEqual([{ removed: true }]);
      expect((wangView[p2.id] as { status: string }).status).toBe('in_progress');

      // A store that kept these visits before the server kept problems replays them to the same state.
      const before = await serverView(server, ['371502']);
      await server.stores.client.query('DELETE FROM problem_state');
      await server.stores.client.query('INSERT INTO problem_state_replay VALUES (true)');
      expect(await replayProblemStateIfPending(server.stores.client)).toBeGreaterThanOrEqual(7);
      expect(await serverView(server, ['371502'])).toEqual(before);

      // A colleague of the county receives every problem with its trail, whoever raised it; another county's officer none.
      await expectOk(li.dispatch('sync.now', {}));
      await expectOk(sun.dispatch('sync.now', {}));
      expect(sortBanks(await laptopView(li))).toEqual(sortBanks(wangView));
      expect(await laptopView(sun)).toEqual({});
      const received = await expectOk<ProblemWithTrail>(li.dispatch('problems.get', { id: p3.id }));
      expect(received).toMatchObject({ firmName: expect.any(String), status: 'in_progress', description: '订单下滑，库存积压' });
      expect(received.events.map((e) => e.officer)).toEqual(['wang-name', 'wang-name']);
      expect(received.events[1]).toMatchObject({ visitKind: 'event', eventTitle: '金融支持建筑建材行业座谈会', visitDate: '2026-11-25' });
      // The firm page lists it among the firm's open problems.
      const open = await expectOk<{ items: ProblemRecord[] }>(li.dispatch('problems.list', { firmId: 'demo-02', openOnly: true }));
      expect(open.items.map((p) => p.id)).toEqual([p3.id]);

      // li follows it up; the server accepts the follow-up (the firm is in li's county); wang sees who moved it.
      await complete(li, 'demo-02', 'followup', { visitDate: '2026-11-28', peopleMet: '张伟', updates: [{ problemId: p3.id, status: 'resolved', note: '商会对接成功，订单恢复', callback: { how: 'phone', on: '2026-11-28', verdict: 'satisfied', note: '' } }] });
      await expectOk(li.dispatch('sync.now', {}));
      expect(li.db.prepare("SELECT COUNT(*) FROM visits WHERE sync_state != 'synced'").pluck().get()).toBe(0);
      await expectOk(wang.dispatch('sync.now', {}));
      const moved = await expectOk<ProblemWithTrail>(wang.dispatch('problems.get', { id: p3.id }));
      expect(moved.status).toBe('resolved');
      expect(moved.events.at(-1)).toMatchObject({ officer: 'li-name', note: '商会对接成功，订单恢复', fromStatus: 'in_progress', toStatus: 'resolved', visitDate: '2026-11-28', visitKind: 'followup' });
      expect(sortBanks(await laptopView(wang))).toEqual(sortBanks(await serverView(server, ['371502'])));
      // The laptop's cursor stands at the server's latest version: the next pull asks only for what is newer.
      const latest = (await server.stores.client.query<{ v: string }>('SELECT max(version)::text AS v FROM problem_state')).rows[0]!.v;
      expect(wang.db.prepare("SELECT value FROM settings WHERE key = 'problems.cursor'").pluck().get()).toBe(latest);
    } finally {
      await wang.close();
      await li.close();
      await sun.close();
    }
  }, 180_000);
});
