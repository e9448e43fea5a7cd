import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { PROTOCOL_STORES } from '../fixtures/server-stores';
import { until } from '../fixtures/until';

/**
 * 立即同步 pressed while a background cycle is under way: that cycle may already have pulled,
 * before a colleague's visit reached the server. The click must bring what the server holds at
 * the moment of the click — seen once in CI as a supervisor's summary missing an amendment.
 */
describe('sync now during a cycle already under way', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer(PROTOCOL_STORES[0]!, [
      { username: 'wang', counties: ['371502'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
    ]);
  }, 120_000);
  afterAll(() => server?.close());

  it('waits for the cycle under way and then for one that starts after the click', async () => {
    // The supervisor's laptop: its problem pull (after its visit pull) can be held, mid-cycle.
    let hold = false;
    let held = false;
    let release: () => void = () => undefined;
    const released = new Promise<void>((done) => (release = done));
    const heldFetch: typeof fetch = async (input, init) => {
      if (hold && String(input instanceof Request ? input.url : input).includes('/api/v1/problems/changes')) {
        hold = false;
        held = true;
        await released;
      }
      return fetch(input, init);
    };
    const wang = testApp({ serverUrl: server.url, token: '' });
    const zhao = testApp({ serverUrl: server.url, token: '', sync: { fetch: heldFetch } });
    try {
      await expectOk(wang.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      await expectOk(zhao.dispatch('account.signIn', { serverUrl: server.url, username: 'zhao', password: 'correct horse 1' }));
      await expectOk(zhao.dispatch('sync.now', {}));

      // A cycle under way: it has pulled the visits (none new) and waits on its problem pull.
      hold = true;
      const underWay = zhao.dispatch('sync.now', {});
      await until(() => held, 'the first cycle past its visit pull');
      // Meanwhile the officer's visit reaches the server…
      const { id } = await expectOk<{ id: string }>(wang.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
      await expectOk(wang.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: '同步进行中送达的走访' }) }));
      expect(await expectOk(wang.dispatch('sync.now', {}))).toMatchObject({ waiting: 0 });
      // …and the supervisor presses 立即同步; the held cycle then finishes.
      const clicked = zhao.dispatch('sync.now', {});
      release();
      await expectOk(underWay);
      await expectOk(clicked);
      const listed = await expectOk<{ items: { id: string }[] }>(zhao.dispatch('visits.list', {}));
      expect(listed.items.map((v) => v.id)).toContain(id);
    } finally {
      release();
      await Promise.all([wang.close(), zhao.close()]);
    }
  }, 60_000);
});
