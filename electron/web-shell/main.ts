import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, DB_FILE } from '../services/app';
import { recoverWithBureauFile, storeKeyLost } from '../services/encryption/store-key';
import { followClockFile } from '../../shared/test-clock-file';
import { configFromEnv } from '../services/config';
import { DownloadPlatform } from './downloads';
import { startWebShell } from './server';
import { profileDataDir, readProfile, writeProfile } from '../services/profile';
import { fileKeyring, keyFileFor } from '../services/encryption/keyring';
import { passwordKeyring } from '../services/encryption/password-keyring';
import { gateStore } from '../services/encryption/store-gate';

/**
 * `npm run web`: the app in a browser. Data in XUNLIAN_DATA_DIR (default
 * ~/.xunlian/web), port XUNLIAN_WEB_PORT (default 5174, 0 = any free port); the demo
 * firms unless XUNLIAN_DEMO=0.
 */
/**
 * XUNLIAN_SYNC_TIMEOUT_MS shortens how long a request may hang before the sync gives up on it
 * (15 s by default): the end-to-end test of every way sync fails sets it, so a hung server is
 * noticed in seconds. The desktop app has no such setting.
 */
function syncWaits(env: NodeJS.ProcessEnv): { sync?: { timeoutMs: number } } {
  const ms = Number(env.XUNLIAN_SYNC_TIMEOUT_MS);
  return Number.isInteger(ms) && ms >= 1000 ? { sync: { timeoutMs: ms } } : {};
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.XUNLIAN_DATA_DIR ?? join(homedir(), '.xunlian', 'web'));
  const downloads = new DownloadPlatform(join(dataDir, 'downloads'));
  const { version } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string };
  // XUNLIAN_DEMO=0 starts with an empty store, as an installed app does (first-run screen).
  // Profiles as in the desktop app (services/profile.ts); switching takes a restart of the shell.
  const profile = readProfile(dataDir);
  const testClock = followClockFile(process.env, fs);
  const profileDir = profileDataDir(dataDir, profile);
  // XUNLIAN_KEY_WRAP=password: the key wrapped by the officer's password, as on a laptop without
  // an OS keychain (the start screen asks for it); otherwise the key file beside the data folder.
  const keyFile = keyFileFor(dataDir, profileDir);
  const keyring = process.env.XUNLIAN_KEY_WRAP === 'password' ? passwordKeyring(profileDir, keyFile) : fileKeyring(keyFile);
  // An administrator opening a data folder whose key is lost: XUNLIAN_RECOVERY_FILE names the bureau's recovery file.
  if (process.env.XUNLIAN_RECOVERY_FILE && storeKeyLost(keyring, join(profileDir, DB_FILE))) {
    await recoverWithBureauFile(profileDir, join(profileDir, DB_FILE), keyring, readFileSync(process.env.XUNLIAN_RECOVERY_FILE, 'utf8'));
    console.log('The store key was recovered with the bureau recovery file.');
  }
  const app = gateStore({
    keyring,
    dataDir: profileDir,
    storeFile: join(profileDir, DB_FILE),
    // The administrator's recovery file for a forgotten password: the one XUNLIAN_RECOVERY_FILE names.
    ...(process.env.XUNLIAN_RECOVERY_FILE ? { pickRecoveryFile: async () => process.env.XUNLIAN_RECOVERY_FILE ?? null } : {}),
    open: () => createApp({
      ...configFromEnv(),
      dataDir: profileDir,
      // The key lives outside the data folder (a sibling <data>-keys/): the data folder alone opens nothing.
      keyring,
      ...syncWaits(process.env),
      platform: downloads,
      appVersion: version,
      profile,
      demoData: process.env.XUNLIAN_DEMO !== '0',
      openProfile: async (chosen) => {
        await writeProfile(dataDir, chosen);
        return false;
      },
    }),
  });
  const shell = await startWebShell({
    app,
    downloads,
    staticDir: resolve(process.env.XUNLIAN_RENDERER_DIR ?? 'dist/renderer'),
    secret: randomBytes(24).toString('base64url'),
    port: Number(process.env.XUNLIAN_WEB_PORT ?? 5174),
  });
  console.log(`Xunlian web shell: open ${shell.url}`);
  if (testClock) console.log('TEST CLOCK: this process follows the clock file of an end-to-end test (XUNLIAN_TEST_CLOCK_FILE).');
  console.log(`Data folder: ${dataDir}`);
  const shutdown = async () => {
    await shell.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  console.error(e.code === 'EADDRINUSE' ? `Port in use. Set XUNLIAN_WEB_PORT to another port (or 0 for any free one).` : `Xunlian could not start: ${e.message}`);
  process.exit(1);
});
