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

  it('migration 19 gives each register firm the day of its latest visit already stored (a date that is not one counts for nothing)', async () => {
    const client = await openStoreClient(await storeEnv(kind, join(tempDir('srv-mig'), 'pg')), 'unused');
    try {
      await migrateServerStore(client, 18);
      await client.query(`INSERT INTO directory_firms (id, county_code, data) VALUES ('demo-01', '371502', '{"id":"demo-01","name":"甲"}'), ('demo-02', '371502', '{"id":"demo-02","name":"乙"}')`);
      const visit = `INSERT INTO visit_revisions (visit_id, revision, content_hash, firm_id, kind, officer, completed_at, answers) VALUES (gen_random_uuid(), 1, repeat('a', 64), $1, $2, 'wang', now(), $3)`;
      await client.query(visit, ['demo-01', 'diagnosis', JSON.stringify({ visitDate: '2026-10-02' })]);
      await client.query(visit, ['demo-01', 'patrol', JSON.stringify({ visitDate: '2026-11-15' })]);
      await client.query(visit, ['demo-02', 'diagnosis', JSON.stringify({ visitDate: 'soon' })]);
      await migrateServerStore(client);
      const { rows } = await client.query<{ id: string; day: string | null }>(`SELECT id, last_visit_date::text AS day FROM directory_firms ORDER BY id`);
      expect(rows).toEqual([{ id: 'demo-01', day: '2026-11-15' }, { id: 'demo-02', day: null }]);
    } finally {
      await client.close();
    }
  });
});
