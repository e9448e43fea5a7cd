import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SigningKeys } from '../../shared/api/transfer';
import { loadReceiptKey, receiptKeyPath } from '../receipt-key';
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
  receiptKey: SigningKeys;
  tokenIdleDays: number;
}

/**
 * Only the server's own user may read its data: new files 0600 and folders 0700
 * (umask), and what is already there brought down to that, folder by folder.
 */
export function restrictToOwner(path: string): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  chmodSync(path, stat.isDirectory() ? 0o700 : 0o600);
  if (stat.isDirectory()) for (const name of readdirSync(path)) restrictToOwner(join(path, name));
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number (got ${value}).`);
  return n;
}

/** Opens the configured database (PGlite or PostgreSQL), migrates it, and builds the stores. */
export async function openServerStores(env: NodeJS.ProcessEnv, defaultDataDir: string): Promise<ServerStores> {
  const dataDir = resolve(env.XUNLIAN_SERVER_DATA ?? defaultDataDir);
  // Attachment files live beside the PGlite data, or where XUNLIAN_SERVER_FILES says (with PostgreSQL).
  const filesDir = resolve(env.XUNLIAN_SERVER_FILES ?? (env.DATABASE_URL ? 'server-files' : `${dataDir}-files`));
  if (!env.DATABASE_URL) restrictToOwner(dataDir);
  restrictToOwner(filesDir);
  const tokenIdleDays = positiveInt(env.XUNLIAN_TOKEN_IDLE_DAYS, 90, 'XUNLIAN_TOKEN_IDLE_DAYS');
  const maxDevices = positiveInt(env.XUNLIAN_MAX_DEVICES, 5, 'XUNLIAN_MAX_DEVICES');
  const receiptKey = await loadReceiptKey(receiptKeyPath(env, defaultDataDir));
  const client = await openStoreClient(env, defaultDataDir);
  await migrateServerStore(client);
  if (client.kind === 'pglite') {
    // PGlite sets its files' modes itself (0666); its folders are 0700 (umask), so no one
    // else can reach them, and the files are brought to 0600 now and when it closes.
    restrictToOwner(dataDir);
    const close = client.close.bind(client);
    client.close = async () => {
      await close();
      restrictToOwner(dataDir);
    };
  }
  return {
    client,
    visits: new VisitStore(client),
    accounts: new AccountStore(client, { idleDays: tokenIdleDays, maxDevices }),
    directory: new DirectoryStore(client),
    attachments: new AttachmentStore(client, filesDir),
    receiptKey,
    tokenIdleDays,
  };
}
