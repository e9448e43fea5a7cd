import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../shared/domain/canonical';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Visit } from '../../shared/domain/visit';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { DEV_TOKEN } from '../fixtures/processes';
import { SERVER_STORES } from '../fixtures/server-stores';

describe.each(SERVER_STORES)('financing cases on the server (%s)', (store) => {
  let server: InProcessServer;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    server = await inProcessServer(store, []);
    app = testApp({ serverUrl: server.url, now: () => new Date('2026-11-28T10:00:00+08:00') });
  });
  afterAll(async () => {
    await app.close();
    await server.close();
  });

  it('takes bank progress on a financing problem and refuses it on any other, judging for itself', async () => {
    const market = { id: uuidv7(), category: 'market', description: '订单不足', urgency: 'normal', dueDate: '2026-12-31' } as const;
    const answers = fullAnswers({ visitDate: '2026-11-20' });
    const financingProblem = answers.problems![0]!.id;
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
    await expectOk<Visit>(app.dispatch('visits.complete', { id, answers: { ...answers, problems: [...answers.problems!, market] } }));
    await expectOk(app.dispatch('sync.now', {}));

    const push = async (problemId: string) => {
      const body = {
        id: uuidv7(),
        revision: 1,
        firmId: 'demo-01',
        kind: 'followup',
        officer: '测试专员',
        completedAt: '2026-11-27T02:00:00.000Z',
        firm: { name: '聊城预拌混凝土有限公司', creditCode: '91371502MA3C1B2K52', countyCode: '371502' },
        answers: { visitDate: '2026-11-27', peopleMet: '王', updates: [{ problemId, status: 'in_progress', note: '对接', financing: { bank: '工商银行聊城分行', stage: 'referred', on: '2026-11-27' } }] },
        attachments: [],
      };
      const res = await fetch(`${server.url}/api/v1/visits/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ protocol: 1, visits: [{ ...body, contentHash: await contentHash(body) }] }),
      });
      return ((await res.json()) as { results: { status: string; reasons?: string[] }[] }).results[0];
    };
    expect(await push(market.id)).toMatchObject({ status: 'rejected', reasons: ['answers.updates: validation.financingOnlyForFinancing'] });
    expect(await push(financingProblem)).toMatchObject({ status: 'created' });
  });
});
