import { resolve } from 'node:path';
import { AccountStore } from './account-store';
import { AttachmentStore } from './attachment-store';
import { DirectoryStore } from './directory-store';
import { migrateServerStore } from './migrations';
import { openStoreClient, type SqlClient } from './sql-client';
import { VisitStore } from './visit-store';

export interface ServerStores {
  client: SqlClient;
  visits: VisitStore;
  accounts: AccountStore;
  directory: DirectoryStore;
  attachments: AttachmentStore;
}

/** Opens the configured database (PGlite or PostgreSQL), migrates it, and builds the stores. */
export async function openServerStores(env: NodeJS.ProcessEnv, defaultDataDir: string): Promise<ServerStores> {
  const client = await openStoreClient(env, defaultDataDir);
  await migrateServerStore(client);
  // Attachment files live beside the PGlite data, or where XUNLIAN_SERVER_FILES says (with PostgreSQL).
  const filesDir = resolve(env.XUNLIAN_SERVER_FILES ?? (env.DATABASE_URL ? 'server-files' : `${resolve(env.XUNLIAN_SERVER_DATA ?? defaultDataDir)}-files`));
  return { client, visits: new VisitStore(client), accounts: new AccountStore(client), directory: new DirectoryStore(client), attachments: new AttachmentStore(client, filesDir) };
}
