import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateServerStore } from '../../server/store/migrations';
import { openStoreClient } from '../../server/store/sql-client';
import { DirectoryStore } from '../../server/store/directory-store';
import { tempDir } from '../fixtures/processes';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';

describe.each(SERVER_STORES)('server migrations on %s', (kind) => {
  it('migration 5 gives seeded demo firms their corrected credit codes, as a directory change laptops pull', async () => {
    const client = await openStoreClient(await storeEnv(kind, join(tempDir('srv-mig'), 'pg')), 'unused');
    try {
      await migrateServerStore(client, 4);
      const insert = `INSERT INTO directory_firms (id, county_code, data) VALUES ($1, '371502', $2)`;
      await client.query(insert, ['demo-01', JSON.stringify({ id: 'demo-01', name: '聊城预拌混凝土有限公司', creditCode: '91371502MA3C1B2KXC', countyCode: '371502' })]);
      // A firm the bureau has since given another code keeps it.
      await client.query(insert, ['demo-02', JSON.stringify({ id: 'demo-02', name: '聊城绿筑新型墙材有限公司', creditCode: '91370000MA3CHMDJ4D', countyCode: '371502' })]);
      const directory = new DirectoryStore(client);
      // The cursor a laptop would hold now (read directly: today's store reads columns version 4 lacks).
      const { rows: latest } = await client.query<{ v: string }>('SELECT MAX(version)::text AS v FROM directory_firms');

      await migrateServerStore(client);
      const after = await directory.changesSince(BigInt(latest[0]!.v), null);
      expect(after.firms.map((f) => [f.id, f.creditCode])).toEqual([['demo-01', '91371502MA3C1B2K52']]);
      const { rows } = await client.query<{ code: string }>(`SELECT data->>'creditCode' AS code FROM directory_firms WHERE id = 'demo-02'`);
      expect(rows[0]?.code).toBe('91370000MA3CHMDJ4D');
    } finally {
      await client.close();
    }
  });
});
