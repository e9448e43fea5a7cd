import { AccountStore } from './account-store';
import { DirectoryStore } from './directory-store';
import { migrateServerStore } from './migrations';
import { openStoreClient, type SqlClient } from './sql-client';
import { VisitStore } from './visit-store';

export interface ServerStores {
  client: SqlClient;
  visits: VisitStore;
  accounts: AccountStore;
  directory: DirectoryStore;
}

/** Opens the configured database (PGlite or PostgreSQL), migrates it, and builds the stores. */
export async function openServerStores(env: NodeJS.ProcessEnv, defaultDataDir: string): Promise<ServerStores> {
  const client = await openStoreClient(env, defaultDataDir);
  await migrateServerStore(client);
  return { client, visits: new VisitStore(client), accounts: new AccountStore(client), directory: new DirectoryStore(client) };
}
