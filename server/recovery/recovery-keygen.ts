import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateSealingKeys } from '../../shared/api/sealed-box';

export const RECOVERY_KEY_FILE = 'xunlian-recovery-key.json';

export class RecoveryKeyError extends Error {}

/**
 * The bureau's recovery key pair (X25519), made once on the information office's own machine:
 * the private half in a file that stays offline (an encrypted USB stick in a safe), the public
 * half given to the server (XUNLIAN_RECOVERY_PUBLIC_KEY), which hands it to every laptop; each
 * laptop seals its store key to it. With the file, an administrator opens a laptop whose own
 * keys are lost.
 */
export async function recoveryKeygen(values: { out?: string | undefined }): Promise<number> {
  const dir = resolve(values.out ?? '.');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, RECOVERY_KEY_FILE);
  if (existsSync(path)) throw new RecoveryKeyError(`${path} exists: the recovery key is made once (a new one leaves the laptops sealed to the old one until their next sync).`);
  const keys = await generateSealingKeys();
  writeFileSync(path, JSON.stringify({ format: 'xunlian-recovery-key', ...keys }), { mode: 0o600 });
  chmodSync(path, 0o600);
  console.log(`恢复密钥已生成 Recovery key made: ${path}`);
  console.log('把这个文件离线保管（加密 U 盘，放进保险柜），不要放在服务器上。 Keep it offline, never on the server.');
  console.log(`在服务器上设置 Set on the server: XUNLIAN_RECOVERY_PUBLIC_KEY=${keys.publicKey}`);
  return 0;
}
