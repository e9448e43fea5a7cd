import { afterAll, describe, expect, it } from 'vitest';
import type { ServerProblem } from '../../../shared/api/problem-sync';
import type { ProblemWithTrail } from '../../../shared/domain/problem';
import type { Visit } from '../../../shared/domain/visit';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { NO_DEMAND, NO_DEMAND_STEP } from '../../../shared/domain/problem-state';
import { lazyBanks, receiveProblem } from '../../../db/repositories/problem-receipt';
import { expectOk, fullAnswers, testApp } from '../../fixtures/app';

const app = testApp({ now: () => new Date('2026-12-02T10:00:00+08:00') });
afterAll(() => app.close());

const complete = async (firmId: string, kind: Visit['kind'], answers: Record<string, unknown>) => {
  const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind, answers: {} }));
  return expectOk<Visit>(app.dispatch('visits.complete', { id, answers }));
};
const receive = (p: ServerProblem) => app.db.transaction(() => receiveProblem(app.db, p, '2026-12-02T02:00:00.000Z', lazyBanks(app.db)))();
const get = (id: string) => expectOk<ProblemWithTrail>(app.dispatch('problems.get', { id }));

describe('a problem received from the server (issue 27)', () => {
  it("replaces this laptop's copy, but keeps the steps of visits the server has not accepted yet, and the status they set", async () => {
    const problemId = uuidv7();
    const diagnosis = await complete('demo-01', 'diagnosis', fullAnswers({ problems: [{ id: problemId, category: 'land', description: '用地指标', helpRequested: '', department: '', urgency: 'normal', dueDate: '2026-12-31' }] }));
    const followUp = await complete('demo-01', 'followup', { visitDate: '2026-11-25', peopleMet: '王建国', updates: [{ problemId, status: 'resolved', note: '已解决', callback: { how: 'phone', on: '2026-11-25', verdict: 'satisfied', note: '' } }] });
    const raised = (await get(problemId)).events[0]!;
    // The diagnosis reached the server (synced); the follow-up has not yet.
    app.db.prepare("UPDATE visits SET sync_state = 'synced' WHERE id = ?").run(diagnosis.id);
    const colleague = uuidv7();
    const server: ServerProblem = {
      state: { id: problemId, firmId: 'demo-01', raisedVisitId: diagnosis.id, category: 'land', description: '用地指标（已核实）', helpRequested: '', department: '', urgency: 'normal', dueDate: '2026-12-31', status: 'in_progress', createdAt: raised.at, updatedAt: '2026-11-24T02:00:00.000Z', resolvedAt: null, ...NO_DEMAND() },
      trail: [
        { visitId: diagnosis.id, revision: 1, fromStatus: null, toStatus: 'open', note: '', at: raised.at, officer: '王', visitDate: '2026-11-20', visitKind: 'diagnosis', eventTitle: null, financing: null, ...NO_DEMAND_STEP },
        { visitId: colleague, revision: 1, fromStatus: 'open', toStatus: 'in_progress', note: '李已对接国土', at: '2026-11-24T02:00:00.000Z', officer: '李', visitDate: '2026-11-24', visitKind: 'followup', eventTitle: null, financing: null, ...NO_DEMAND_STEP },
      ],
      firm: null,
      countyCode: '371502',
      removed: false,
    };
    receive(server);
    const merged = await get(problemId);
    // The server's text and the colleague's step; this laptop's unsent follow-up still last, and its status stands.
    expect(merged.description).toBe('用地指标（已核实）');
    expect(merged.events.map((e) => [e.officer, e.toStatus])).toEqual([
      ['王', 'open'],
      ['李', 'in_progress'],
      ['测试专员', 'resolved'],
    ]);
    expect(merged.status).toBe('resolved');

    // Once the server has it, its view is the whole truth (here: it stored the follow-up).
    app.db.prepare("UPDATE visits SET sync_state = 'synced' WHERE id = ?").run(followUp.id);
    const stored = { visitId: followUp.id, revision: 1, fromStatus: 'in_progress' as const, toStatus: 'resolved' as const, note: '已解决', at: '2026-12-02T02:00:00.000Z', officer: '测试专员', visitDate: '2026-11-25', visitKind: 'followup', eventTitle: null, financing: null, ...NO_DEMAND_STEP };
    receive({ ...server, state: { ...server.state, status: 'resolved', resolvedAt: stored.at, updatedAt: stored.at }, trail: [...server.trail, stored] });
    const settled = await get(problemId);
    expect(settled.events).toHaveLength(3);
    expect(settled).toMatchObject({ status: 'resolved', resolvedAt: stored.at });

    // Removed on the server (an amended diagnosis dropped it): removed here.
    receive({ ...server, removed: true });
    expect(app.db.prepare('SELECT COUNT(*) FROM problems WHERE id = ?').pluck().get(problemId)).toBe(0);
  });

  it("brings a colleague's problem on a firm this laptop does not have yet, under the server's name for it", async () => {
    const problemId = uuidv7();
    receive({
      state: { id: problemId, firmId: 'field-firm-1', raisedVisitId: uuidv7(), category: 'market', description: '销路不畅', helpRequested: '', department: '', urgency: 'high', dueDate: null, status: 'open', createdAt: '2026-11-20T02:00:00.000Z', updatedAt: '2026-11-20T02:00:00.000Z', resolvedAt: null, ...NO_DEMAND() },
      trail: [],
      firm: { name: '新发现建材厂', creditCode: '', countyCode: '371502' },
      countyCode: '371502',
      removed: false,
    });
    expect(await get(problemId)).toMatchObject({ firmName: '新发现建材厂', status: 'open', urgency: 'high' });
  });
});
