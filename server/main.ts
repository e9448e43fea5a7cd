import { resolve } from 'node:path';
import { buildServer } from './app';
import { openServerStores } from './store/open';

/**
 * `npm run server`: the central server. PORT (8787) and HOST (127.0.0.1);
 * DATABASE_URL for a real PostgreSQL, otherwise embedded PGlite in
 * XUNLIAN_SERVER_DATA (./server-data). XUNLIAN_DEV_TOKEN, when set, is accepted
 * as an admin device token (development and tests only).
 */
async function main(): Promise<void> {
  const env = process.env;
  const stores = await openServerStores(env, resolve('server-data'));
  const app = buildServer({ ...stores, devToken: env.XUNLIAN_DEV_TOKEN || undefined, logger: env.XUNLIAN_LOG === '1' });
  const port = Number(env.PORT ?? 8787);
  const host = env.HOST ?? '127.0.0.1';
  const address = await app.listen({ port, host });
  console.log(`Xunlian central server listening on ${address} (store: ${stores.client.kind})`);
  const shutdown = async () => {
    await app.close();
    await stores.client.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`Xunlian central server could not start: ${(error as Error).message}`);
  process.exit(1);
});
