import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SigningKeys } from '../../shared/api/transfer';
import { loadReceiptKey, loadTransferKey, receiptKeyPath, transferKeyPath } from '../receipt-key';
import { signServerKey } from '../../shared/api/server-keys';
import type { ServerKeys } from '../../shared/api/sync-protocol';
import type { SealingKeys } from '../../shared/api/sealed-box';
import { AccountStore, ROLES, type Role } from './account-store';
import { TotpStore } from '../totp/totp-store';
import { DEFAULT_PASSWORD_MAX_AGE_DAYS } from '../../shared/domain/passwords/policy';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../shared/domain/passwords/idle-lock';
import { AttachmentStore } from './attachment-store';
import { DirectoryStore } from './directory-store';
import { migrateServerStore } from './migrations';
import { replayProblemStateIfPending } from '../problems/problem-replay';
import { openStoreClient, type SqlClient } from './sql-client';
import { VisitStore } from './visit-store';
import { AuditSealer, sealKeyOf } from '../audit/audit-seal';

export interface ServerStores {
  client: SqlClient;
  visits: VisitStore;
  accounts: AccountStore;
  directory: DirectoryStore;
  attachments: AttachmentStore;
  receiptKey: SigningKeys;
  transferKey: SealingKeys;
  serverKeys: ServerKeys;
  tokenIdleDays: number;
  /** Minutes a laptop may sit idle before it locks (bureau policy, carried at sign-in); 0 = never. */
  idleLockMinutes: number;
  totp: TotpStore;
  /** Seals audit rows into the chain (server/audit/audit-seal.ts); its key comes from the receipt key, outside the database. */
  auditSealer: AuditSealer;
  auditKey: Buffer;
  /** Days after which a password must be changed (XUNLIAN_PASSWORD_MAX_AGE_DAYS; 0 = never). */
  passwordMaxAgeDays: number;
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

function wholeNumber(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${name} must be a whole number from 0 to ${max} (got ${value}).`);
  return n;
}


/** XUNLIAN_TOTP_ROLES: the roles that must sign in with a second factor, comma-separated (e.g. "admin"). */
function totpRoles(value: string | undefined): Role[] {
  const roles = (value ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new Error(`XUNLIAN_TOTP_ROLES names unknown roles: ${unknown.join(', ')} (roles: ${ROLES.join(', ')}).`);
  return roles as Role[];
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number (got ${value}).`);
  return n;
}

/**
 * Attachments of a server from before they lived in the database: their finished files
 * (<id>.bin in the old files folder) are read in once; the files are left where they are.
 */
async function importAttachmentFiles(client: SqlClient, filesDir: string): Promise<void> {
  if (!existsSync(filesDir)) return;
  const { rows } = await client.query<{ id: string }>('SELECT a.id FROM attachments a WHERE a.complete AND NOT EXISTS (SELECT 1 FROM attachment_chunks c WHERE c.attachment_id = a.id)');
  for (const { id } of rows) {
    const file = join(filesDir, `${id}.bin`);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    await client.transaction(async (tx) => {
      for (let at = 0; at < bytes.length; at += 1024 * 1024) await tx.query('INSERT INTO attachment_chunks (attachment_id, start_offset, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, at, bytes.subarray(at, at + 1024 * 1024)]);
    });
  }
}

/** Opens the configured database (PGlite or PostgreSQL), migrates it, and builds the stores. */
export async function openServerStores(env: NodeJS.ProcessEnv, defaultDataDir: string): Promise<ServerStores> {
  const dataDir = resolve(env.XUNLIAN_SERVER_DATA ?? defaultDataDir);
  // Before attachments lived in the database, their files were beside the PGlite data or in XUNLIAN_SERVER_FILES.
  const filesDir = resolve(env.XUNLIAN_SERVER_FILES ?? (env.DATABASE_URL ? 'server-files' : `${dataDir}-files`));
  if (!env.DATABASE_URL) restrictToOwner(dataDir);
  restrictToOwner(filesDir);
  const tokenIdleDays = positiveInt(env.XUNLIAN_TOKEN_IDLE_DAYS, 90, 'XUNLIAN_TOKEN_IDLE_DAYS');
  const maxDevices = positiveInt(env.XUNLIAN_MAX_DEVICES, 5, 'XUNLIAN_MAX_DEVICES');
  const passwordMaxAgeDays = wholeNumber(env.XUNLIAN_PASSWORD_MAX_AGE_DAYS, DEFAULT_PASSWORD_MAX_AGE_DAYS, 'XUNLIAN_PASSWORD_MAX_AGE_DAYS', 3650);
  const idleLockMinutes = wholeNumber(env.XUNLIAN_IDLE_LOCK_MINUTES, DEFAULT_IDLE_LOCK_MINUTES, 'XUNLIAN_IDLE_LOCK_MINUTES', 1440);
  const receiptKeyFile = receiptKeyPath(env, defaultDataDir);
  const receiptKey = await loadReceiptKey(receiptKeyFile);
  const transferKey = await loadTransferKey(transferKeyPath(env, receiptKeyFile));
  const serverKeys = await signedServerKeys(receiptKey.privateKey, transferKey, recoveryPublicKey(env.XUNLIAN_RECOVERY_PUBLIC_KEY));
  const client = await openStoreClient(env, defaultDataDir);
  await migrateServerStore(client);
  await replayProblemStateIfPending(client, (line) => process.stderr.write(`${line}\n`));
  await importAttachmentFiles(client, filesDir);
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
  const auditKey = sealKeyOf(receiptKey.privateKey);
  const auditSealer = new AuditSealer(client, auditKey);
  const closeClient = client.close.bind(client);
  // Rows written just before closing (a command-line action) are sealed before the store closes.
  client.close = async () => {
    await auditSealer.close();
    await auditSealer.sealNow().catch(() => undefined);
    await closeClient();
  };
  return {
    client,
    auditSealer,
    auditKey,
    passwordMaxAgeDays,
    visits: new VisitStore(client),
    accounts: new AccountStore(client, { idleDays: tokenIdleDays, maxDevices, passwordMaxAgeDays, totpRoles: totpRoles(env.XUNLIAN_TOTP_ROLES) }),
    totp: new TotpStore(client),
    directory: new DirectoryStore(client),
    attachments: new AttachmentStore(client),
    receiptKey,
    transferKey,
    serverKeys,
    tokenIdleDays,
    idleLockMinutes,
  };
}

/**
 * The bureau's recovery key: the public half of an X25519 pair made with
 * `npm run server:admin -- recovery-key FILE` (the private half stays offline with the
 * bureau). Laptops seal their store key to it, so an administrator with the file opens a
 * laptop whose own key is lost. Unset: no recovery (said in the README).
 */
function recoveryPublicKey(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^[A-Za-z0-9_-]{43}$/.test(value.trim())) throw new Error('XUNLIAN_RECOVERY_PUBLIC_KEY is not an X25519 public key (43 base64url characters, printed by `server:admin recovery-key`).');
  return value.trim();
}

async function signedServerKeys(receiptPrivateKey: string, transferKey: SealingKeys, recovery: string | null): Promise<ServerKeys> {
  return {
    transfer: await signServerKey('transfer', transferKey.publicKey, receiptPrivateKey),
    recovery: recovery ? await signServerKey('recovery', recovery, receiptPrivateKey) : null,
  };
}
