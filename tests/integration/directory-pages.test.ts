import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openServerStores } from '../../server/store/open';
import { tempDir } from '../fixtures/processes';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';

describe.each(SERVER_STORES)('directory pages (%s)', (store) => {
  it('hands out every firm of a register larger than a page, in version order, each once', async () => {
    const stores = await openServerStores(await storeEnv(store, join(tempDir('pages'), 'data')), tempDir('unused'));
    try {
      const firms = Array.from({ length: 1_234 }, (_, i) => ({
        id: `f-${i}`,
        creditCode: '',
        name: `企业${i}`,
        countyCode: '371502' as const,
        address: '',
        chainSegment: 'midstream' as const,
        categories: [],
        keyTier: 'none' as const,
        zjtxLevel: 'none' as const,
        contacts: [],
        certifications: [],
      }));
      await stores.directory.upsertFirms(firms);
      const seen: string[] = [];
      const versions: bigint[] = [];
      for (let cursor = 0n, page = 0; page < 20; page++) {
        const changes = await stores.directory.changesSince(cursor, null);
        for (const f of changes.firms) {
          seen.push(f.id);
          versions.push(BigInt(f.version!));
        }
        cursor = BigInt(changes.cursor);
        if (!changes.more) break;
      }
      expect(new Set(seen).size).toBe(1_234);
      expect(seen).toHaveLength(1_234);
      expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
    } finally {
      await stores.client.close();
    }
  });
});
