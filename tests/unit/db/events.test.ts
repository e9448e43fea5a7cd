import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinancingCase } from '../../../shared/domain/financing';
import type { FirmEvent } from '../../../shared/domain/events';
import type { ProblemWithTrail } from '../../../shared/domain/problem';
import type { Summary } from '../../../shared/domain/summary';
import type { Visit } from '../../../shared/domain/visit';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { eventAnswers, expectOk, fullAnswers, testApp } from '../../fixtures/app';

let now = new Date('2026-11-25T09:00:00+08:00');
let app: ReturnType<typeof testApp>;
const save = (firmId: string | null, kind: Visit['kind'], answers: Record<string, unknown> = {}) => expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind, answers }));
const completeEvent = async (answers: Record<string, unknown>) => {
  const { id } = await save(null, 'event');
  return app.dispatch('visits.complete', { id, answers });
};
let financingProblem = '';

beforeAll(async () => {
  app = testApp({ now: () => now });
  financingProblem = uuidv7();
  const { id } = await save('demo-01', 'diagnosis');
  await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ visitDate: '2026-11-02', problems: [{ id: financingProblem, category: 'financing', description: '流动资金紧张', urgency: 'high' }] as never }) }));
});
afterAll(() => app.close());

describe('events (活动)', () => {
  it('records a forum without a firm of its own, lists it on each invited firm’s page, and moves the problems taken up there', async () => {
    const forum = await expectOk<Visit>(
      completeEvent(
        eventAnswers([
          { firmId: 'demo-01', updates: [{ problemId: financingProblem, status: 'in_progress', note: '与工行现场对接', financing: { bank: '工商银行聊城分行', stage: 'referred', on: '2026-11-20' } }] },
          { firmId: 'demo-03' },
          { firmId: 'demo-06', attended: false },
        ]),
      ),
    );
    expect(forum).toMatchObject({ kind: 'event', firmId: null, firmName: '金融支持建筑建材行业座谈会', status: 'completed', syncState: 'waiting' });

    const demo01 = await expectOk<FirmEvent[]>(app.dispatch('firms.events', { firmId: 'demo-01' }));
    expect(demo01).toEqual([{ visitId: forum.id, date: '2026-11-20', kind: 'financing_forum', title: '金融支持建筑建材行业座谈会', place: '市住建局三楼会议室', attended: true, banks: ['工商银行聊城分行'], problemsTakenUp: 1 }]);
    const demo06 = await expectOk<FirmEvent[]>(app.dispatch('firms.events', { firmId: 'demo-06' }));
    expect(demo06).toMatchObject([{ visitId: forum.id, attended: false, problemsTakenUp: 0 }]);
    expect(await expectOk<FirmEvent[]>(app.dispatch('firms.events', { firmId: 'demo-02' }))).toEqual([]);

    // The problem's trail names the event, and the bank step moves the financing case.
    const trail = await expectOk<ProblemWithTrail>(app.dispatch('problems.get', { id: financingProblem }));
    expect(trail.status).toBe('in_progress');
    expect(trail.events.at(-1)).toMatchObject({ visitId: forum.id, visitKind: 'event', eventTitle: '金融支持建筑建材行业座谈会', fromStatus: 'open', toStatus: 'in_progress', note: '与工行现场对接' });
    expect(trail.events[0]).toMatchObject({ visitKind: 'diagnosis', eventTitle: null, toStatus: 'open' });
    expect(trail.financing).toMatchObject([{ bank: '中国工商银行聊城分行', stage: 'referred', on: '2026-11-20' }]);
    const [firmCase] = await expectOk<FinancingCase[]>(app.dispatch('financing.cases', { firmId: 'demo-01' }));
    expect(firmCase!.banks).toMatchObject([{ bank: '中国工商银行聊城分行', stage: 'referred' }]);

    // The event is in the outbox like any visit, with no firm and its county in the answers.
    const queued = app.db.prepare('SELECT payload FROM outbox WHERE visit_id = ?').pluck().get(forum.id) as string;
    expect(JSON.parse(queued)).toMatchObject({ kind: 'event', firmId: null, firm: null, answers: { countyCode: '371502' } });
  });

  it('counts events held and firms reached under the summary’s filters', async () => {
    const november = { from: '2026-11-01', to: '2026-11-30' };
    const s = await expectOk<Summary>(app.dispatch('summary.get', november));
    // One forum; demo-01 and demo-03 came, demo-06 did not. The event is not a visit.
    expect(s.totals).toMatchObject({ eventsHeld: 1, firmsReached: 2, visits: 1 });
    expect(s.eventsByKind).toEqual([{ kind: 'financing_forum', events: 1, firmsReached: 2 }]);
    // County: the event was held in 东昌府区; a firm of 茌平区 that came is reached only without a county filter.
    expect((await expectOk<Summary>(app.dispatch('summary.get', { ...november, countyCode: '371502' }))).totals).toMatchObject({ eventsHeld: 1, firmsReached: 1 });
    expect((await expectOk<Summary>(app.dispatch('summary.get', { ...november, countyCode: '371503' }))).totals).toMatchObject({ eventsHeld: 0, firmsReached: 0 });
    expect((await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-10-01', to: '2026-10-31' }))).totals).toMatchObject({ eventsHeld: 0, firmsReached: 0 });
  });

  it('exports the counted events as their own table (活动), one row each, with the firms that came', async () => {
    const november = { from: '2026-11-01', to: '2026-11-30' };
    const outcome = await expectOk<{ status: string; path: string; rows: number }>(app.dispatch('exports.summaryCsv', { filter: november, table: 'events', jobId: uuidv7() }));
    const lines = readFileSync(outcome.path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('活动编号,活动日期,活动类型,活动名称,举办区县,地点,主办单位,参与的银行和机构,邀请企业数,到场企业数,到场企业,跟进问题数,服务专员,成效');
    expect(outcome.rows).toBe(1);
    expect(lines[1]).toContain('2026-11-20,金融支持座谈会（银企对接）,金融支持建筑建材行业座谈会,东昌府区,市住建局三楼会议室,市住建局,工商银行聊城分行,3,2,聊城预拌混凝土有限公司、茌平鑫源装配式建筑科技有限公司,1,');
    // Held in 东昌府区: a 茌平区 filter lists none, as the summary counts none.
    expect((await expectOk<{ rows: number }>(app.dispatch('exports.summaryCsv', { filter: { ...november, countyCode: '371503' }, table: 'events', jobId: uuidv7() }))).rows).toBe(0);
  });

  it('refuses an event whose firms did not come but had problems taken up, names a firm twice, or moves another firm’s problem', async () => {
    const refused = async (answers: Record<string, unknown>) => {
      const result = await completeEvent(answers);
      expect(result.ok).toBe(false);
      return (result as { error: { fields?: Record<string, string> } }).error.fields ?? {};
    };
    const update = { problemId: financingProblem, status: 'in_progress', note: '对接' };
    expect(await refused(eventAnswers([{ firmId: 'demo-01', attended: false, updates: [update] }]))).toMatchObject({ 'firms.0.updates': 'validation.notAttended' });
    expect(await refused(eventAnswers([{ firmId: 'demo-01' }, { firmId: 'demo-01' }]))).toMatchObject({ firms: 'validation.duplicate' });
    expect(await refused(eventAnswers([{ firmId: 'no-such-firm' }]))).toMatchObject({ 'firms.0.firmId': 'validation.unknownFirm' });
    // demo-01's problem taken up under demo-03: refused, and nothing of it is kept.
    expect(await refused(eventAnswers([{ firmId: 'demo-03', updates: [update] }]))).toMatchObject({ 'firms.0.updates.0.problemId': 'validation.unknownProblem' });
    expect(await expectOk<FirmEvent[]>(app.dispatch('firms.events', { firmId: 'demo-03' }))).toHaveLength(1);
    // An event cannot be saved for a firm, nor a visit without one.
    expect((await app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'event', answers: {} })).ok).toBe(false);
    expect((await app.dispatch('visits.saveDraft', { firmId: null, kind: 'patrol', answers: {} })).ok).toBe(false);
  });

  it('an amendment replaces the firms and the steps of the revision before', async () => {
    now = new Date('2026-11-26T09:00:00+08:00');
    const event = await expectOk<Visit>(completeEvent(eventAnswers([{ firmId: 'demo-02' }], { visitDate: '2026-11-26', eventKind: 'chain_exchange', title: '融链固链交流会' })));
    await expectOk(app.dispatch('visits.amend', { id: event.id }));
    await expectOk(app.dispatch('visits.complete', { id: event.id, answers: eventAnswers([{ firmId: 'demo-08' }], { visitDate: '2026-11-26', eventKind: 'chain_exchange', title: '融链固链交流会' }) }));
    expect(await expectOk<FirmEvent[]>(app.dispatch('firms.events', { firmId: 'demo-02' }))).toEqual([]);
    expect(await expectOk<FirmEvent[]>(app.dispatch('firms.events', { firmId: 'demo-08' }))).toMatchObject([{ visitId: event.id, kind: 'chain_exchange' }]);
    const s = await expectOk<Summary>(app.dispatch('summary.get', { from: '2026-11-01', to: '2026-11-30' }));
    expect(s.eventsByKind).toEqual([
      { kind: 'financing_forum', events: 1, firmsReached: 2 },
      { kind: 'chain_exchange', events: 1, firmsReached: 1 },
    ]);
  });
});
