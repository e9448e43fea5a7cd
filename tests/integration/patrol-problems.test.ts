import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemWithTrail } from '../../shared/domain/problem';
import type { Visit } from '../../shared/domain/visit';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { expectOk, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

/**
 * A patrol raises problems like a diagnosis (issue 26): the same schema and rules on the laptop,
 * accepted by the server (which then knows the problem's firm and category), followed up with a
 * bank step like any financing problem, and pulled by the county's supervisor with its trail.
 */
describe.each(SERVER_STORES)("a patrol's problems (%s)", (store) => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
    ]);
  }, 120_000);
  afterAll(() => server?.close());

  it('are raised, refused when they break the rules, accepted by the server, moved by a follow-up with a bank step, and reach the supervisor', async () => {
    const officer = testApp({ token: '' });
    const supervisor = testApp({ token: '' });
    try {
      await expectOk(officer.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      await expectOk(supervisor.dispatch('account.signIn', { serverUrl: server.url, username: 'zhao', password: 'correct horse 1' }));
      const problemId = uuidv7();
      const problem = { id: problemId, category: 'financing', description: '订单增加，流动资金不足', helpRequested: '对接银行', urgency: 'high', dueDate: '2026-11-30' };
      const patrol = { visitDate: '2026-11-20', peopleMet: '李红', summary: '生产正常，订单增加', followUpNeeded: true, problems: [problem] };
      const { id } = await expectOk<{ id: string }>(officer.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'patrol', answers: {} }));
      // The diagnosis's rules: a problem due before the visit is refused, field by field.
      expect(await officer.dispatch('visits.complete', { id, answers: { ...patrol, problems: [{ ...problem, dueDate: '2026-11-01' }] } })).toMatchObject({ ok: false, error: { fields: { 'problems.0.dueDate': 'validation.dueBeforeVisit' } } });
      await expectOk<Visit>(officer.dispatch('visits.complete', { id, answers: patrol }));
      const raised = await expectOk<ProblemWithTrail>(officer.dispatch('problems.get', { id: problemId }));
      expect(raised).toMatchObject({ firmId: 'demo-02', category: 'financing', status: 'open' });

      // The follow-up the patrol asked for: referred to a bank.
      const followup = await expectOk<{ id: string }>(officer.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'followup', answers: {} }));
      const referral = { bank: '农业银行聊城分行', stage: 'referred', on: '2026-11-22' };
      await expectOk(officer.dispatch('visits.complete', { id: followup.id, answers: { visitDate: '2026-11-22', peopleMet: '李红', updates: [{ problemId, status: 'in_progress', note: '已推荐至农行', financing: referral }] } }));
      await officer.sync.syncNow();
      const states = officer.db.prepare('SELECT kind, sync_state FROM visits ORDER BY kind').all();
      expect(states).toEqual([
        { kind: 'followup', sync_state: 'synced' },
        { kind: 'patrol', sync_state: 'synced' },
      ]);
      // The server knows the problem's firm and category (from the patrol), so the bank step was accepted.
      const known = (await server.stores.client.query<{ firm_id: string; category: string }>('SELECT firm_id, category FROM problem_firms WHERE problem_id = $1', [problemId])).rows;
      expect(known).toEqual([{ firm_id: 'demo-02', category: 'financing' }]);

      await supervisor.sync.syncNow();
      const pulled = await expectOk<ProblemWithTrail>(supervisor.dispatch('problems.get', { id: problemId }));
      expect(pulled).toMatchObject({ status: 'in_progress', category: 'financing' });
      expect(pulled.events.map((e) => e.toStatus)).toEqual(['open', 'in_progress']);
      // Typed as 农业银行聊城分行: counted as the bank list's 中国农业银行聊城分行 (one bank is one bank).
      expect(pulled.financing).toEqual([expect.objectContaining({ bank: '中国农业银行聊城分行', stage: 'referred' })]);
    } finally {
      await officer.close();
      await supervisor.close();
    }
  }, 120_000);
});
