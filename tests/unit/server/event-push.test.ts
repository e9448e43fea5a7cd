import { describe, expect, it } from 'vitest';
import { judge } from '../../../server/routes/visits';
import { contentHash } from '../../../shared/domain/canonical';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { eventAnswers, fullAnswers } from '../../fixtures/app';

const now = new Date('2026-11-25T02:00:00Z');
const firm = { name: '聊城预拌混凝土有限公司', creditCode: '91371502MA3C1B2K52', countyCode: '371502' };

async function pushed(body: Record<string, unknown>) {
  const full = { id: uuidv7(), revision: 1, officer: '王', completedAt: now.toISOString(), attachments: [], ...body };
  return { ...full, contentHash: await contentHash(full as never) };
}

describe('the server judges an event pushed as a visit', () => {
  it('takes an event with no firm of its own, and refuses one with a firm, a visit without one, and malformed event answers', async () => {
    const event = await pushed({ kind: 'event', firmId: null, firm: null, answers: eventAnswers([{ firmId: 'demo-01' }]) });
    expect(judge(event, now)).toHaveProperty('visit');

    const reasonsOf = async (body: Record<string, unknown>) => {
      const verdict = judge(await pushed(body), now);
      return 'result' in verdict ? verdict.result.reasons : [];
    };
    expect(await reasonsOf({ kind: 'event', firmId: 'demo-01', firm, answers: eventAnswers([{ firmId: 'demo-01' }]) })).toEqual(
      expect.arrayContaining(['firmId: validation.eventHasNoFirm', 'firm: validation.eventHasNoFirm']),
    );
    expect(await reasonsOf({ kind: 'diagnosis', firmId: null, firm: null, answers: fullAnswers() })).toEqual(expect.arrayContaining(['firmId: validation.required']));
    expect(await reasonsOf({ kind: 'event', firmId: null, firm: null, answers: eventAnswers([]) })).toEqual(['answers.firms: validation.tooFew']);
    expect(await reasonsOf({ kind: 'event', firmId: null, firm: null, answers: eventAnswers([{ firmId: 'demo-01' }], { countyCode: '110101' }) })).toEqual(['answers.countyCode: validation.notAllowed']);
    expect(await reasonsOf({ kind: 'event', firmId: null, firm: null, answers: eventAnswers([{ firmId: 'demo-01' }], { outcomes: 'x'.repeat(3001) }) })).toEqual(['answers.outcomes: validation.tooLong']);
  });
});
