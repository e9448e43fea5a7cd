import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { startFaultProxy } from '../fixtures/fault-proxy';
import { DEV_TOKEN, freePort, startCentralServer, tempDir } from '../fixtures/processes';
import { rng } from '../fixtures/random';
import { openServerStores } from '../../server/store/open';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';

const SIZE = 3 * 1024 * 1024 + 12_345;

describe.each(SERVER_STORES)('attachment upload (%s)', (store) => {
  it('resumes after cut connections instead of starting over, and the visit is complete on the server only once the file is whole', async () => {
    const env = await storeEnv(store, join(tempDir('attach-server'), 'data'));
    const server = await startCentralServer({ port: await freePort(), dataDir: env.XUNLIAN_SERVER_DATA, env });
    // Faults hit the file chunks only: at first every chunk fails, later about a third.
    const link = { target: { host: '127.0.0.1', port: Number(new URL(server.url).port) }, faultRate: 1, faults: ['cut-request', 'cut-response', 'reset', 'truncate'] as const, random: rng(7), faultFilter: (line: string) => line.startsWith('PATCH') };
    const proxy = await startFaultProxy(link);
    const dataDir = tempDir('app');
    const photo = join(dataDir, '绿色建材证书.jpg');
    const bytes = randomBytes(SIZE);
    let attachmentId: string | undefined;
    writeFileSync(photo, bytes);
    const app = testApp({ dataDir, serverUrl: proxy.url, platform: fixedPathPlatform(join(dataDir, 'x.csv'), [photo]), sync: { timeoutMs: 5_000 } });
    try {
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
      const [attachment] = await expectOk<{ id: string }[]>(app.dispatch('attachments.pick', { visitId: id }));
      attachmentId = attachment!.id;
      await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers() }));

      const serverView = async () => {
        const res = await fetch(`${server.url}/api/v1/visits`, { headers: { authorization: `Bearer ${DEV_TOKEN}` } });
        return ((await res.json()) as { visits: { id: string; complete: boolean; attachments?: unknown }[] }).visits.find((v) => v.id === id);
      };
      const uploaded = () => app.db.prepare('SELECT uploaded FROM attachments WHERE id = ?').pluck().get(attachment!.id) as number;
      await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
      expect(uploaded()).toBe(0);
      expect(await serverView()).toMatchObject({ complete: false });
      link.faultRate = 0.35;
      for (let round = 0; round < 200 && uploaded() === 0; round++) await expectOk<SyncStatus>(app.dispatch('sync.now', {}));
      expect(uploaded()).toBe(1);
      expect((await serverView())?.complete).toBe(true);
      // Resumed, not restarted: far less than twice the file crossed the link.
      expect(proxy.stats.bytesUp).toBeLessThan(1.5 * SIZE);
      expect(Object.values(proxy.stats.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
    } finally {
      await app.close();
      await proxy.close();
      await server.stop();
    }
    // The bytes live in the server's database (no files folder): read them back from there.
    const stores = await openServerStores(env, env.XUNLIAN_SERVER_DATA ?? '');
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of stores.attachments.read(attachmentId!)) chunks.push(chunk);
      expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    } finally {
      await stores.client.close();
    }
  }, 120_000);
});
