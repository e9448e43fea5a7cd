import { resolve } from 'node:path';
import { buildServer } from './app';
import { migrateServerStore } from './store/migrations';
import { openStoreClient } from './store/sql-client';
import { VisitStore } from './store/visit-store';

/**
 * `npm run server`: the central server. PORT (8787) and HOST (127.0.0.1);
 * DATABASE_URL for a real PostgreSQL, otherwise embedded PGlite in
 * XUNLIAN_SERVER_DATA (./server-data); XUNLIAN_DEV_TOKEN the shared dev token.
 */
async function main(): Promise<void> {
  const env = process.env;
  const client = await openStoreClient(env, resolve('server-data'));
  await migrateServerStore(client);
  const app = buildServer({ store: new VisitStore(client), token: env.XUNLIAN_DEV_TOKEN ?? 'xunlian-dev-token', logger: env.XUNLIAN_LOG === '1' });
  const port = Number(env.PORT ?? 8787);
  const host = env.HOST ?? '127.0.0.1';
  const address = await app.listen({ port, host });
  console.log(`Xunlian central server listening on ${address} (store: ${client.kind})`);
  const shutdown = async () => {
    await app.close();
    await client.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`Xunlian central server could not start: ${(error as Error).message}`);
  process.exit(1);
});
