import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VisitChangesBody } from '../../shared/api/sync-protocol';
import { openServerStores } from '../../server/store/open';
import { placedAsIs } from '../bench/server-ingest.bench';
import { fullAnswers } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';
import { pushedVisit } from '../security/visits';

/**
 * A supervisor's pull page is written by the database as JSON text (VisitStore.changesSinceJson),
 * the visit list by JavaScript from parsed rows (toServerVisit). Both must say the same of every
 * visit, down to the millisecond and the last character of the answers.
 */
describe.each(SERVER_STORES)('the pull page the database writes (%s)', (store) => {
  it('equals the visit list JavaScript writes, for visits and events with awkward answers', async () => {
    const stores = await openServerStores(await storeEnv(store, join(tempDir('changes-json'), 'data')), tempDir('unused'));
    try {
      const awkward = fullAnswers({ conclusion: '引号 " 反斜杠 \\ 换行\n制表\t emoji 🧱 </script>', visitDate: '2026-02-28' }) as Record<string, unknown>;
      const visits = [
        await pushedVisit('demo-01', '371502', { answers: { ...awkward, extra: { big: 12345678901234, small: 0.1, negative: -3.5e-7, none: null, list: [1, '二', false] } } }),
        await pushedVisit('demo-02', '371502', { revision: 3 }),
      ];
      const event = await pushedVisit('demo-03', '371502', { kind: 'event', answers: { title: '银企对接会', countyCode: '371502', firms: [] } });
      await stores.visits.insertMany([...visits.map(placedAsIs), { ...placedAsIs(event), visit: { ...event, firmId: null, firm: null }, firmId: null, firm: null }], 'dev');

      const text = await stores.visits.changesSinceJson(0n, null, 500);
      // What the supervisor's laptop checks it against.
      const page = VisitChangesBody.parse(JSON.parse(`{"protocol":1,${text.slice(1)}`));
      const listed = (await stores.visits.list(100, 0)).visits;
      expect(page.visits).toHaveLength(3);
      const byId = (v: { id: string }, w: { id: string }) => v.id.localeCompare(w.id);
      expect(page.visits.sort(byId)).toEqual(listed.sort(byId));
      expect(page.visits.find((v) => v.firmId === null)).toMatchObject({ kind: 'event', firm: null });
      expect(page.visits[0]!.completedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(page).toMatchObject({ more: false });

      // Paging and scope, as before: two at a time, then the rest; another county sees nothing.
      const first = await stores.visits.changesSince(0n, ['371502'], 2);
      expect(first).toMatchObject({ more: true });
      expect(first.visits).toHaveLength(2);
      const rest = await stores.visits.changesSince(BigInt(first.cursor), ['371502'], 2);
      expect(rest.visits).toHaveLength(1);
      expect((await stores.visits.changesSince(0n, ['371521'], 2)).visits).toEqual([]);
    } finally {
      await stores.client.close();
    }
  });
});
