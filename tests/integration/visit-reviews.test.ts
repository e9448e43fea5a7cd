import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { MethodOutput } from '../../shared/api/contract';
import type { DecisionResult } from '../../shared/api/decisions';
import type { Visit } from '../../shared/domain/visit';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy';
import { rng } from '../fixtures/random';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

type App = ReturnType<typeof testApp>;
type Reviews = MethodOutput<'reviews.of'>;

/**
 * 审核 (issue 30) on the real server: supervisors review an officer's visit offline, the later
 * review stands and names the earlier, the officer reads the return without a phone call, the
 * amendment waits for a new review, and the server alone decides who may review what.
 */
describe.each(SERVER_STORES)('supervisors review visits (%s)', (store) => {
  let server: InProcessServer;
  let proxy: FaultProxy;
  // The link every laptop uses: faultRate 1 is a laptop with no network.
  const link = { target: { host: '127.0.0.1', port: 0 }, faultRate: 0, random: rng(30), faults: ['reset'] as const };
  const laptop = async (username: string) => {
    const app = testApp({ token: '' });
    await expectOk(app.dispatch('account.signIn', { serverUrl: proxy.url, username, password: 'correct horse 1' }));
    return app;
  };
  const sync = (app: App) => expectOk(app.dispatch('sync.now', {}));
  const reviewsOf = (app: App, visitId: string) => expectOk<Reviews>(app.dispatch('reviews.of', { visitId }));
  const complete = async (app: App, firmId: string, answers: Record<string, unknown>) => {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind: 'diagnosis', answers: {} }));
    return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
  };
  const batch = async (username: string, decisions: unknown[]): Promise<DecisionResult[]> => {
    const session = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse 1', deviceName: 'test' }) });
    const { token } = (await session.json()) as { token: string };
    const res = await fetch(`${server.url}/api/v1/decisions/batch`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ protocol: 1, decisions }) });
    return ((await res.json()) as { results: DecisionResult[] }).results;
  };
  const review = (visitId: string, revision: number, verdict: string, comment = '') => ({ id: randomUUID(), kind: 'visit.review', subject: visitId, revision, verdict, comment, decidedAt: new Date().toISOString() });

  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
      { username: 'qian', role: 'supervisor', counties: ['371502'] },
      { username: 'sun', role: 'supervisor', counties: ['371503'] },
    ]);
    link.target.port = Number(new URL(server.url).port);
    proxy = await startFaultProxy(link);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('two offline reviews: the later received stands and names the earlier; the officer reads the return, amends, and the amendment is passed', async () => {
    const wang = await laptop('wang');
    const zhao = await laptop('zhao');
    const qian = await laptop('qian');
    try {
      const d1 = await complete(wang, 'demo-01', fullAnswers({ visitDate: '2026-11-20' }));
      const d2 = await complete(wang, 'demo-02', fullAnswers({ visitDate: '2026-11-21' }));
      await sync(wang);
      await sync(zhao);
      await sync(qian);
      expect((await reviewsOf(zhao, d1.id)).state).toBe('unreviewed');
      // An officer cannot review, even offline: refused before anything is queued.
      expect((await wang.dispatch('reviews.review', { visitId: d1.id, verdict: 'pass', comment: '', label: 'x' })).ok).toBe(false);

      // Both supervisors review revision 1 with the network gone: each waits on its laptop.
      link.faultRate = 1;
      const byZhao = await expectOk<{ state: string }>(zhao.dispatch('reviews.review', { visitId: d1.id, verdict: 'return', comment: '缺少融资需求的金额和期限', label: '聊城预拌混凝土 · 诊链' }));
      const byQian = await expectOk<{ state: string }>(qian.dispatch('reviews.review', { visitId: d1.id, verdict: 'pass', comment: '', label: '聊城预拌混凝土 · 诊链' }));
      expect([byZhao.state, byQian.state]).toEqual(['pending', 'pending']);
      expect((await reviewsOf(zhao, d1.id)).reviews).toEqual([expect.objectContaining({ verdict: 'return', waiting: true })]);
      link.faultRate = 0;
      // qian's pass reaches the server first, zhao's return later: the return stands and names the pass.
      await sync(qian);
      await sync(zhao);
      await sync(qian);
      for (const app of [zhao, qian]) {
        const seen = await reviewsOf(app, d1.id);
        expect(seen.state).toBe('returned');
        expect(seen.reviews.map((r) => [r.verdict, r.reviewer, r.waiting])).toEqual([
          ['return', 'zhao-name', false],
          ['pass', 'qian-name', false],
        ]);
        expect(seen.reviews[0]!.replaced).toMatchObject({ by: 'qian-name', outcome: 'pass' });
      }

      // The officer's next sync: the return and its comment, on the home screen and in the visit list.
      await sync(wang);
      expect(await expectOk(wang.dispatch('reviews.toRevise', {}))).toEqual([expect.objectContaining({ visitId: d1.id, state: 'returned', comment: '缺少融资需求的金额和期限', reviewer: 'zhao-name' })]);
      const returned = await expectOk<MethodOutput<'visits.list'>>(wang.dispatch('visits.list', { review: 'returned' }));
      expect(returned.items.map((v) => v.id)).toEqual([d1.id]);

      // A review from the USB of an old revision, or from outside the county, or by an officer: refused by the server.
      await expectOk(wang.dispatch('visits.amend', { id: d1.id }));
      await expectOk(wang.dispatch('visits.complete', { id: d1.id, answers: fullAnswers({ visitDate: '2026-11-20', conclusion: '已补充融资需求：3000 万元，期限三年' }) }));
      expect((await reviewsOf(wang, d1.id)).state).toBe('amended'); // on the officer's laptop at once
      await sync(wang);
      const [stale] = await batch('zhao', [review(d1.id, 1, 'pass')]);
      expect(stale).toMatchObject({ status: 'rejected', reasons: ['subject: review.stale'] });
      const [outside] = await batch('sun', [review(d1.id, 2, 'pass')]);
      expect(outside).toMatchObject({ status: 'rejected', reasons: ['subject: validation.outOfScope'] });
      const [officer] = await batch('wang', [review(d1.id, 2, 'pass')]);
      expect(officer).toMatchObject({ status: 'rejected', reasons: ['subject: validation.reviewersOnly'] });
      const [noWord] = await batch('zhao', [review(d1.id, 2, 'return', '')]);
      expect(noWord).toMatchObject({ status: 'rejected', reasons: ['comment: validation.reviewComment'] });

      // The supervisor sees 已修改待复核 after a sync and passes the amendment; the officer's list empties.
      await sync(zhao);
      expect((await reviewsOf(zhao, d1.id)).state).toBe('amended');
      expect((await expectOk<{ state: string }>(zhao.dispatch('reviews.review', { visitId: d1.id, verdict: 'pass', comment: '', label: 'x' }))).state).toBe('done');
      await sync(wang);
      expect((await reviewsOf(wang, d1.id)).state).toBe('passed');
      expect(await expectOk(wang.dispatch('reviews.toRevise', {}))).toEqual([]);

      // 全部通过 over the filtered list: every page; d2 was waiting, d1 is passed already.
      expect(await expectOk(zhao.dispatch('reviews.passAll', { filter: { countyCode: '371502' }, label: '通过' }))).toEqual({ queued: 1, pending: 0 });
      expect((await reviewsOf(zhao, d2.id)).state).toBe('passed');
      expect((await expectOk<MethodOutput<'visits.list'>>(zhao.dispatch('visits.list', { review: 'unreviewed' }))).total).toBe(0);

      const { rows } = await server.stores.client.query<{ outcome: string; n: string | number }>(`SELECT outcome, count(*) AS n FROM audit_log WHERE action = 'visit.reviewed' GROUP BY outcome ORDER BY outcome`);
      expect(rows.map((r) => [r.outcome, Number(r.n)])).toEqual([['done', 4], ['refused', 3]]);
    } finally {
      await Promise.all([wang.close(), zhao.close(), qian.close()]);
    }
  });
});
