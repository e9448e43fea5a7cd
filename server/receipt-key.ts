import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { generateSigningKeys, PublicKey, type SigningKeys } from '../shared/api/transfer';
import { generateSealingKeys, type SealingKeys } from '../shared/api/sealed-box';

const KeyFile = z.strictObject({ publicKey: PublicKey, privateKey: z.string().min(40).max(200) });

/**
 * The server's receipt-signing key (Ed25519). It lives in a file of its own,
 * mode 0600, outside the database, so a database backup cannot sign receipts; every
 * instance of one deployment must read the same file (XUNLIAN_RECEIPT_KEY_FILE). Made
 * on first start.
 */
export function receiptKeyPath(env: NodeJS.ProcessEnv, defaultDataDir: string): string {
  if (env.XUNLIAN_RECEIPT_KEY_FILE) return resolve(env.XUNLIAN_RECEIPT_KEY_FILE);
  return env.DATABASE_URL ? resolve('server-receipt-key.json') : `${resolve(env.XUNLIAN_SERVER_DATA ?? defaultDataDir)}-receipt-key.json`;
}

/**
 * The server's transfer key (X25519): laptops seal their USB transfer files to its public
 * half (shared/api/sealed-box.ts), so only this server's import reads one. A file of its own
 * beside the receipt key (XUNLIAN_TRANSFER_KEY_FILE), made on first start the same way.
 */
export function transferKeyPath(env: NodeJS.ProcessEnv, receiptKeyFile: string): string {
  return env.XUNLIAN_TRANSFER_KEY_FILE ? resolve(env.XUNLIAN_TRANSFER_KEY_FILE) : receiptKeyFile.replace(/(\.json)?$/, '.transfer.json');
}

function readKey(path: string, what: string): SigningKeys {
  chmodSync(path, 0o600);
  const parsed = KeyFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`The ${what} file ${path} is damaged; restore it from the backup of the keys (laptops refuse receipts of another key, and files sealed to the lost key cannot be read).`);
  return parsed.data;
}

export const loadReceiptKey = (path: string): Promise<SigningKeys> => loadKeyFile(path, 'receipt key', generateSigningKeys);
export const loadTransferKey = (path: string): Promise<SealingKeys> => loadKeyFile(path, 'transfer key', generateSealingKeys);

async function loadKeyFile(path: string, what: string, generate: () => Promise<SigningKeys>): Promise<SigningKeys> {
  if (existsSync(path)) return readKey(path, what);
  const keys = await generate();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Written whole under another name, then linked into place: instances starting together
  // on a shared volume see either no key or the whole key, and the first one's key wins.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKey(path, what);
  } finally {
    unlinkSync(tmp);
  }
}
