import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isSealed, open, seal, type SealingKeys } from '../../../shared/api/sealed-box';
import { verifyServerKey } from '../../../shared/api/server-keys';
import type { ServerKeys } from '../../../shared/api/sync-protocol';
import type { Db } from '../../../db/open';
import { getSetting, setSetting } from '../../../db/repositories/settings';
import { writeSecretFileSync } from './secret-file';

/** The server's transfer key (USB files are sealed to it) and the bureau's recovery key, as this laptop last verified them. */
export const TRANSFER_KEY_SETTING = 'serverTransferKey';
export const RECOVERY_KEY_SETTING = 'bureauRecoveryKey';
/** The store key sealed to the bureau's recovery key: in the data folder, useless without the bureau's offline private half. */
export const RECOVERY_ENVELOPE_FILE = 'store-key.recovery';

const Envelope = z.strictObject({ format: z.literal('xunlian-store-key-recovery'), recoveryPublicKey: z.string(), box: z.base64() });

/**
 * Keeps the keys a server handed out, each only when its signature checks against the
 * server key this laptop learned at sign-in. Returns the recovery key when it is new here.
 */
export async function acceptServerKeys(db: Db, keys: ServerKeys | undefined): Promise<string | null> {
  const serverPublicKey = getSetting(db, 'serverPublicKey');
  if (!keys || !serverPublicKey) return null;
  if (getSetting(db, TRANSFER_KEY_SETTING) !== keys.transfer.publicKey && (await verifyServerKey('transfer', keys.transfer, serverPublicKey))) setSetting(db, TRANSFER_KEY_SETTING, keys.transfer.publicKey);
  const recovery = keys.recovery;
  if (!recovery || getSetting(db, RECOVERY_KEY_SETTING) === recovery.publicKey || !(await verifyServerKey('recovery', recovery, serverPublicKey))) return null;
  setSetting(db, RECOVERY_KEY_SETTING, recovery.publicKey);
  return recovery.publicKey;
}

/** Seals the store key to the bureau's recovery key, unless the envelope there already is for that key. */
export async function sealStoreKeyForRecovery(dataDir: string, storeKey: Buffer, recoveryPublicKey: string): Promise<boolean> {
  const path = join(dataDir, RECOVERY_ENVELOPE_FILE);
  if (existsSync(path) && readEnvelope(path)?.recoveryPublicKey === recoveryPublicKey) return false;
  const box = await seal(storeKey, recoveryPublicKey, 'recovery');
  writeSecretFileSync(path, JSON.stringify({ format: 'xunlian-store-key-recovery', recoveryPublicKey, box: Buffer.from(box).toString('base64') }));
  return true;
}

function readEnvelope(path: string): z.infer<typeof Envelope> | null {
  try {
    const parsed = Envelope.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class RecoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryError';
  }
}

/** The bureau's recovery file as `server:admin recovery-key` writes it. */
export const RecoveryFile = z.strictObject({ format: z.literal('xunlian-recovery-key'), publicKey: z.string(), privateKey: z.string() });

/**
 * The store key of a laptop whose own keys are lost, opened with the bureau's recovery file.
 * Refused, with a message for the administrator, when the laptop sealed no key or sealed it to another recovery key.
 */
export async function recoverStoreKey(dataDir: string, recoveryFileText: string): Promise<Buffer> {
  let file: SealingKeys;
  try {
    file = RecoveryFile.parse(JSON.parse(recoveryFileText));
  } catch {
    throw new RecoveryError('这不是巡链的恢复密钥文件。 / This is not a Xunlian recovery key file.');
  }
  const envelope = readEnvelope(join(dataDir, RECOVERY_ENVELOPE_FILE));
  if (!envelope) throw new RecoveryError('这台电脑没有保存可用局恢复密钥打开的密钥（它从未同步过局里的恢复公钥）。 / This laptop holds no store key sealed to a bureau recovery key (it never synced one).');
  if (envelope.recoveryPublicKey !== file.publicKey) throw new RecoveryError('这个恢复密钥文件与这台电脑使用的局恢复公钥不符。 / This recovery file is not the one this laptop sealed its key to.');
  const box = Buffer.from(envelope.box, 'base64');
  if (!isSealed(box)) throw new RecoveryError('恢复信封已损坏。 / The recovery envelope is damaged.');
  try {
    return Buffer.from(await open(box, file, 'recovery'));
  } catch {
    throw new RecoveryError('恢复密钥打不开这台电脑的密钥信封。 / The recovery key does not open this laptop’s envelope.');
  }
}
