import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileFor } from '../../electron/services/encryption/keyring';
import { RECOVERY_ENVELOPE_FILE, RecoveryError } from '../../electron/services/encryption/server-keys';
import { recoverWithBureauFile, StoreKeyLostError } from '../../electron/services/encryption/store-key';
import { DB_FILE } from '../../electron/services/app';
import { RECOVERY_KEY_FILE, recoveryKeygen } from '../../server/recovery/recovery-keygen';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { until } from '../fixtures/until';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { PROTOCOL_STORES } from '../fixtures/server-stores';
import { testKeyring } from '../fixtures/store-key';

/**
 * A laptop whose own key is lost (the OS account reset, the key file deleted) opens with the
 * bureau's recovery file, and nothing unsynced is lost; another recovery file opens nothing.
 */
describe('the bureau recovery key', () => {
  let server: InProcessServer;
  let bureauFile: string;
  let otherFile: string;
  beforeAll(async () => {
    const bureau = tempDir('bureau-office');
    const other = tempDir('another-bureau');
    await recoveryKeygen({ out: bureau });
    await recoveryKeygen({ out: other });
    bureauFile = join(bureau, RECOVERY_KEY_FILE);
    otherFile = join(other, RECOVERY_KEY_FILE);
    const publicKey = (JSON.parse(readFileSync(bureauFile, 'utf8')) as { publicKey: string }).publicKey;
    server = await inProcessServer(PROTOCOL_STORES[0]!, [{ username: 'wang', counties: ['371502'] }], { XUNLIAN_RECOVERY_PUBLIC_KEY: publicKey });
  }, 120_000);
  afterAll(() => server?.close());

  it('opens a laptop whose key is lost with the bureau file, keeping its unsynced visit; refuses another bureau file', async () => {
    const dataDir = tempDir('forgetful-laptop');
    const app = testApp({ dataDir, serverUrl: server.url, token: '' });
    let unsynced: string;
    try {
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      await expectOk(app.dispatch('sync.now', {}));
      await until(() => existsSync(join(dataDir, RECOVERY_ENVELOPE_FILE)), 'the store key sealed to the bureau key');
      // Completed after the last sync: on this laptop only.
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
      await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: '只在本机的走访' }) }));
      unsynced = id;
    } finally {
      await app.close();
    }
    // The key is lost.
    rmSync(keyFileFor(dataDir, dataDir, {}));
    expect(() => testApp({ dataDir })).toThrow(StoreKeyLostError);
    const store = join(dataDir, DB_FILE);
    const keyring = testKeyring(dataDir);
    await expect(recoverWithBureauFile(dataDir, store, keyring, readFileSync(otherFile, 'utf8'))).rejects.toThrow(RecoveryError);
    await expect(recoverWithBureauFile(dataDir, store, keyring, '{"not":"a key"}')).rejects.toThrow(/not a Xunlian recovery key file/);
    expect(keyring.load()).toBeNull();
    await recoverWithBureauFile(dataDir, store, keyring, readFileSync(bureauFile, 'utf8'));
    const reopened = testApp({ dataDir });
    try {
      const visit = await expectOk<{ status: string; answers: { conclusion: string } }>(reopened.dispatch('visits.get', { id: unsynced }));
      expect(visit).toMatchObject({ status: 'completed', answers: { conclusion: '只在本机的走访' } });
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('a laptop that never learned a recovery key cannot be recovered, and the app says what is lost', async () => {
    const dataDir = tempDir('never-synced');
    await testApp({ dataDir }).close();
    rmSync(keyFileFor(dataDir, dataDir, {}));
    expect(() => testApp({ dataDir })).toThrow(/work not yet synced can only be recovered with the key/);
    await expect(recoverWithBureauFile(dataDir, join(dataDir, DB_FILE), testKeyring(dataDir), readFileSync(bureauFile, 'utf8'))).rejects.toThrow(/never synced one/);
  });
});
