import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract';
import type { FirmEvent } from '../../shared/domain/events';
import type { Summary } from '../../shared/domain/summary';
import type { Visit } from '../../shared/domain/visit';
import { eventAnswers, expectOk, fullAnswers, testApp } from '../fixtures/app';
import { startFaultProxy } from '../fixtures/fault-proxy';
import { freePort, preparedServerData, serverVisits, startCentralServer, tempDir } from '../fixtures/processes';
import { rng } from '../fixtures/random';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';

type App = ReturnType<typeof testApp>;

async function syncUntilSettled(app: App, rounds = 60): Promise<SyncStatus> {
  let status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
  for (let i = 0; i < rounds && status.waiting > 0; i++) status = await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
  return status;
}

const completeVisit = async (app: App, firmId: string | null, kind: Visit['kind'], answers: Record<string, unknown>) => {
  const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind, answers: {} }));
  return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
};

describe.each(SERVER_STORES)('events (活动) through the central server (%s)', (store) => {
  it('pushes an event exactly once through a faulty link, places it by its county, refuses one out of scope, and carries an amendment to the supervisor', async () => {
    const env = await storeEnv(store, join(tempDir('events-server'), 'data'));
    const serverData = preparedServerData([
      { username: 'wang', county: '371502' },
      { username: 'zhao', county: '371502', role: 'supervisor' },
      { username: 'sun', county: '371503', role: 'supervisor' },
    ], 'correct horse 1', env);
    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    const server = await startCentralServer({ port, dataDir: serverData, env });
    // Most pushes fail mid-flight: cut, truncated, reset, or a captive portal's page.
    const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port }, faultRate: 0.8, random: rng(11), faults: ['cut-request', 'cut-response', 'truncate', 'reset', 'portal'], faultFilter: (line) => line.includes('/api/v1/visits/batch') });
    const laptop = async (username: string, url: string) => {
      const app = testApp({ serverUrl: url, token: '', now: () => new Date('2026-11-28T10:00:00+08:00') });
      await expectOk(app.dispatch('account.signIn', { serverUrl: url, username, password: 'correct horse 1' }));
      return app;
    };
    const wang = await laptop('wang', proxy.url);
    const zhao = await laptop('zhao', serverUrl);
    const sun = await laptop('sun', serverUrl);
    try {
      // A diagnosis with a financing need, then a forum where the firm meets the bank.
      const diagnosis = await completeVisit(wang, 'demo-01', 'diagnosis', fullAnswers({ visitDate: '2026-11-02' }));
      const need = (diagnosis.answers.problems as { id: string }[])[0]!.id;
      const referred = { problemId: need, status: 'in_progress', note: '现场对接工商银行', financing: { bank: '工商银行聊城分行', stage: 'referred', on: '2026-11-20' } };
      const forum = await completeVisit(wang, null, 'event', eventAnswers([{ firmId: 'demo-01', updates: [referred] }, { firmId: 'demo-02' }, { firmId: 'demo-10', attended: false }]));
      const settled = await syncUntilSettled(wang);
      expect(settled, JSON.stringify(wang.db.prepare("SELECT kind, sync_error FROM visits WHERE sync_error IS NOT NULL").all())).toMatchObject({ waiting: 0, attention: 0 });
      expect(proxy.stats.requests, JSON.stringify(proxy.stats)).toBeGreaterThan(1);
      expect(proxy.stats.faults['cut-response'] + proxy.stats.faults.truncate + proxy.stats.faults.reset + proxy.stats.faults.portal + proxy.stats.faults['cut-request']).toBeGreaterThan(0);
      const held = (await serverVisits(serverUrl)).visits.filter((v) => v.id === forum.id);
      expect(held.map((v) => v.revision)).toEqual([1]);
      expect(wang.db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'done'").pluck().get()).toBe(2);

      // Placed by the county it was held in: the 东昌府区 supervisor gets it, the 茌平区 one does not.
      await expectOk(zhao.dispatch('sync.now', {}));
      await expectOk(sun.dispatch('sync.now', {}));
      expect((await expectOk<{ items: { id: string }[] }>(zhao.dispatch('visits.list', { kind: 'event' }))).items.map((v) => v.id)).toEqual([forum.id]);
      expect((await expectOk<{ total: number }>(sun.dispatch('visits.list', { kind: 'event' }))).total).toBe(0);
      expect(await expectOk<FirmEvent[]>(zhao.dispatch('firms.events', { firmId: 'demo-01' }))).toMatchObject([{ visitId: forum.id, attended: true, problemsTakenUp: 1 }]);
      const summary = await expectOk<Summary>(zhao.dispatch('summary.get', { from: '2026-11-01', to: '2026-11-30' }));
      expect(summary.totals).toMatchObject({ eventsHeld: 1, firmsReached: 2, financingReferred: 3000 });

      // An event held in another county is refused, whatever the laptop claims; so is one naming a firm out of scope.
      const elsewhere = await completeVisit(wang, null, 'event', eventAnswers([{ firmId: 'demo-01' }], { countyCode: '371503', title: '茌平交流会' }));
      const otherFirm = await completeVisit(wang, null, 'event', eventAnswers([{ firmId: 'demo-03' }], { title: '邀请了茌平企业' }));
      const refused = await syncUntilSettled(wang);
      expect(refused.attention).toBe(2);
      const reasonOf = (id: string) => wang.db.prepare('SELECT sync_error FROM visits WHERE id = ?').pluck().get(id) as string;
      expect(reasonOf(elsewhere.id)).toMatch(/answers\.countyCode: validation\.eventOutOfScope/);
      expect(reasonOf(otherFirm.id)).toMatch(/answers\.firms: validation\.outOfScope/);

      // An amendment: demo-10 came after all. The supervisor's copy follows revision 2.
      await expectOk(wang.dispatch('visits.amend', { id: forum.id }));
      await expectOk(wang.dispatch('visits.complete', { id: forum.id, answers: eventAnswers([{ firmId: 'demo-01', updates: [referred] }, { firmId: 'demo-02' }, { firmId: 'demo-10' }]) }));
      expect((await syncUntilSettled(wang)).waiting).toBe(0);
      expect((await serverVisits(serverUrl)).visits.filter((v) => v.id === forum.id).map((v) => v.revision).sort()).toEqual([1, 2]);
      await expectOk(zhao.dispatch('sync.now', {}));
      expect((await expectOk<Summary>(zhao.dispatch('summary.get', { from: '2026-11-01', to: '2026-11-30' }))).totals).toMatchObject({ eventsHeld: 1, firmsReached: 3 });
      // The supervisor's copy is read-only.
      expect(await zhao.dispatch('visits.amend', { id: forum.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await Promise.all([wang.close(), zhao.close(), sun.close()]);
      await proxy.close();
      await server.stop();
    }
  }, 180_000);
});
