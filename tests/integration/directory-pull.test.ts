import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryFirm } from '../../shared/api/sync-protocol';
import type { FirmSummary } from '../../shared/domain/firm';
import { buildServer } from '../../server/app';
import { openServerStores, type ServerStores } from '../../server/store/open';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';
import { expectOk, testApp } from '../fixtures/app';
import { DEV_TOKEN, tempDir } from '../fixtures/processes';

const firm = (over: Partial<DirectoryFirm> = {}): DirectoryFirm => ({
  id: 'srv-01',
  creditCode: '91371502MA3Q7K2L34',
  name: '聊城新源装配式建材有限公司',
  countyCode: '371502',
  address: '东昌府区建设路 1 号',
  chainSegment: 'midstream',
  categories: ['预制构件'],
  keyTier: 'key',
  zjtxLevel: 'provincial',
  contacts: [],
  certifications: [{ id: 'c1', product: '预制构件', starLevel: 3, certificateNo: 'X-1', validUntil: '2029-01-01' }],
  ...over,
});

describe.each(SERVER_STORES)('directory pull (server on loopback, %s)', (store) => {
  let stores: ServerStores;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    stores = await openServerStores(await storeEnv(store, join(tempDir('dir'), 'data')), tempDir('unused'));
    const server = buildServer({ ...stores, devToken: DEV_TOKEN });
    url = await server.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await server.close();
      await stores.client.close();
    };
  });
  afterAll(() => close());

  it('brings new and changed firms and reference lists, only what changed, in one transaction per page', async () => {
    await stores.directory.upsertFirms([firm()]);
    await stores.directory.upsertReference([{ kind: 'policy', code: 'P-NEW', name: '新型建材首台套保险补偿', group: '金融', sort: 99, active: true }]);
    const app = testApp({ serverUrl: url });
    try {
      await expectOk(app.dispatch('sync.now', {}));
      const found = await expectOk<{ items: FirmSummary[] }>(app.dispatch('firms.search', { query: '新源装配式建材' }));
      expect(found.items.map((f) => f.name)).toEqual(['聊城新源装配式建材有限公司']);
      expect(await expectOk<{ code: string }[]>(app.dispatch('reference.list', { kind: 'policy' }))).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'P-NEW' })]));
      const cursor = app.db.prepare("SELECT value FROM settings WHERE key = 'directory.cursor'").pluck().get() as string;
      expect(Number(cursor)).toBeGreaterThan(0);

      // The key-firm list changes centrally: the next pull brings just that change.
      await stores.directory.upsertFirms([firm({ keyTier: 'cultivated', name: '聊城新源装配式建材集团有限公司' })]);
      await expectOk(app.dispatch('sync.now', {}));
      const changed = await expectOk<{ keyTier: string; name: string; certifications: unknown[] }>(app.dispatch('firms.get', { id: 'srv-01' }));
      expect(changed).toMatchObject({ keyTier: 'cultivated', name: '聊城新源装配式建材集团有限公司' });
      expect(changed.certifications).toHaveLength(1);
      expect(Number(app.db.prepare("SELECT value FROM settings WHERE key = 'directory.cursor'").pluck().get())).toBeGreaterThan(Number(cursor));
    } finally {
      await app.close();
    }
  });
});
