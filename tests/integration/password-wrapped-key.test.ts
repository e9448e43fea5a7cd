import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../electron/services/app';
import { keyFileFor } from '../../electron/services/encryption/keyring';
import { PASSWORD_WRAPPED_KEY_FILE, passwordKeyring, type PasswordKeyring } from '../../electron/services/encryption/password-keyring';
import { RECOVERY_ENVELOPE_FILE } from '../../electron/services/encryption/server-keys';
import { gateStore } from '../../electron/services/encryption/store-gate';
import { openSqlite } from '../../db/sqlite';
import { RECOVERY_KEY_FILE, recoveryKeygen } from '../../server/recovery/recovery-keygen';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { until } from '../fixtures/until';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { PROTOCOL_STORES } from '../fixtures/server-stores';

const PASSWORD = 'correct horse 1';

/** A laptop as Electron starts it where the OS has no keychain: the gate before the store, the password keyring. */
function laptop(dataDir: string, serverUrl: string, pickRecoveryFile?: () => Promise<string | null>) {
  const keyring = passwordKeyring(dataDir, keyFileFor(dataDir, dataDir, {}));
  const gate = gateStore({
    keyring,
    dataDir,
    storeFile: join(dataDir, DB_FILE),
    ...(pickRecoveryFile ? { pickRecoveryFile } : {}),
    open: () => testApp({ dataDir, serverUrl, token: '', keyring }),
  });
  return { gate, keyring };
}

/**
 * Where the OS has no keychain (Linux without a keyring), the store key is wrapped by the
 * officer's password and asked for at start; a forgotten password is met by the bureau's
 * recovery file (issue 32).
 */
describe('the store key wrapped by the password', () => {
  let server: InProcessServer;
  let bureauFile: string;
  beforeAll(async () => {
    const bureau = tempDir('bureau-office');
    await recoveryKeygen({ out: bureau });
    bureauFile = join(bureau, RECOVERY_KEY_FILE);
    const publicKey = (JSON.parse(readFileSync(bureauFile, 'utf8')) as { publicKey: string }).publicKey;
    server = await inProcessServer(PROTOCOL_STORES[0]!, [{ username: 'wang', counties: ['371502'] }, { username: 'li', counties: ['371502'] }], { XUNLIAN_RECOVERY_PUBLIC_KEY: publicKey });
  }, 120_000);
  afterAll(() => server?.close());

  it('keeps the key in the key file until the first sign-in, then only wrapped by the password; the start asks for it', async () => {
    const dataDir = tempDir('no-keychain-laptop');
    const keyFile = keyFileFor(dataDir, dataDir, {});
    let visitId: string;
    {
      const { gate, keyring } = laptop(dataDir, server.url);
      try {
        // Nothing to ask before a sign-in: the store opens at once, its key in the file beside the folder.
        expect(await expectOk(gate.dispatch('startup.status', {}))).toMatchObject({ state: 'open' });
        expect(existsSync(keyFile)).toBe(true);
        expect(keyring.kind).toBe('keyFileUntilSignIn');
        await expectOk(gate.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: PASSWORD }));
        // Signed in: the key is wrapped by the password, and the key file is gone.
        expect(existsSync(join(dataDir, PASSWORD_WRAPPED_KEY_FILE))).toBe(true);
        expect(existsSync(keyFile)).toBe(false);
        expect(keyring.kind).toBe('password');
        expect(await expectOk(gate.dispatch('app.info', {}))).toMatchObject({ encryption: { keptBy: 'password', keyFile: null } });
        const { id } = await expectOk<{ id: string }>(gate.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
        await expectOk(gate.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: '密码保护的走访' }) }));
        visitId = id;
      } finally {
        await gate.close();
      }
    }
    // No key file, no keychain: the data folder holds the wrapped key and nothing that opens it without the password.
    const wrapped = readFileSync(join(dataDir, PASSWORD_WRAPPED_KEY_FILE), 'utf8');
    expect(wrapped).not.toContain(PASSWORD);
    expect(() => openSqlite(join(dataDir, DB_FILE), {}, { readonly: true, fileMustExist: true }).prepare('SELECT count(*) FROM visits').get()).toThrow(/not a database/);

    // The next start: closed until the password is typed.
    const { gate, keyring } = laptop(dataDir, server.url);
    try {
      expect(await expectOk(gate.dispatch('startup.status', {}))).toEqual({ state: 'password', username: 'wang', canRecover: false });
      expect(gate.opened()).toBeNull();
      for (const method of ['visits.list', 'firms.search', 'app.info', 'account.status']) expect(await gate.dispatch(method, {})).toMatchObject({ ok: false, error: { code: 'STORE_CLOSED' } });
      expect(await gate.dispatch('no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      expect(await gate.dispatch('attachments.upload', {})).toMatchObject({ ok: false });
      expect(await gate.dispatch('startup.unlock', { password: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await gate.dispatch('startup.unlock', { password: 'correct horse 2' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { password: 'startup.wrongPassword' } } });
      expect(keyring.locked()).toBe(true);
      expect(await expectOk(gate.dispatch('startup.unlock', { password: PASSWORD }))).toMatchObject({ state: 'open' });
      const visit = await expectOk<{ status: string; answers: { conclusion: string } }>(gate.dispatch('visits.get', { id: visitId! }));
      expect(visit).toMatchObject({ status: 'completed', answers: { conclusion: '密码保护的走访' } });
      // A password change rewraps the key: the old password no longer opens it.
      await expectOk(gate.dispatch('account.changePassword', { currentPassword: PASSWORD, newPassword: 'Another horse 22' }));
    } finally {
      await gate.close();
    }
    const renewed = passwordKeyring(dataDir, keyFile) as PasswordKeyring;
    expect(await renewed.unlock(PASSWORD)).toBe(false);
    expect(await renewed.unlock('Another horse 22')).toBe(true);
  }, 60_000);

  it('opens with the bureau recovery file when the password is forgotten, keeping unsynced work; the next unlock wraps it again', async () => {
    const dataDir = tempDir('forgotten-password');
    let unsynced: string;
    {
      const { gate } = laptop(dataDir, server.url);
      try {
        await expectOk(gate.dispatch('account.signIn', { serverUrl: server.url, username: 'li', password: PASSWORD }));
        await expectOk(gate.dispatch('sync.now', {}));
        await until(() => existsSync(join(dataDir, RECOVERY_ENVELOPE_FILE)), 'the store key sealed to the bureau key');
        const { id } = await expectOk<{ id: string }>(gate.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
        await expectOk(gate.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: '忘了密码之前的走访' }) }));
        unsynced = id;
      } finally {
        await gate.close();
      }
    }
    // Another bureau's file opens nothing, and the start screen stays.
    const other = tempDir('other-bureau');
    await recoveryKeygen({ out: other });
    let picked = join(other, RECOVERY_KEY_FILE);
    const { gate, keyring } = laptop(dataDir, server.url, async () => picked);
    try {
      expect(await expectOk(gate.dispatch('startup.status', {}))).toMatchObject({ state: 'password', canRecover: true });
      expect(await gate.dispatch('startup.recover', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { _: 'startup.recoverFailed' } } });
      expect(keyring.locked()).toBe(true);
      picked = bureauFile;
      expect(await expectOk(gate.dispatch('startup.recover', {}))).toMatchObject({ state: 'open' });
      expect(await expectOk(gate.dispatch('visits.get', { id: unsynced! }))).toMatchObject({ answers: { conclusion: '忘了密码之前的走访' } });
      // The forgotten password's wrap is gone; the key waits in the key file for the next sign-in.
      expect(existsSync(join(dataDir, PASSWORD_WRAPPED_KEY_FILE))).toBe(false);
      expect(existsSync(keyFileFor(dataDir, dataDir, {}))).toBe(true);
      // Still signed in (as a laptop upgraded from a version without the wrap is): the idle lock's
      // unlock is the next moment the app holds the password, and wraps the key with it.
      expect(await expectOk(gate.dispatch('lock.engage', {}))).toMatchObject({ enabled: true, locked: true });
      expect(await expectOk(gate.dispatch('lock.unlock', { password: PASSWORD }))).toMatchObject({ locked: false, signedOut: false });
      expect(existsSync(join(dataDir, PASSWORD_WRAPPED_KEY_FILE))).toBe(true);
      expect(existsSync(keyFileFor(dataDir, dataDir, {}))).toBe(false);
      expect(await keyring.unlock(PASSWORD)).toBe(true);
    } finally {
      await gate.close();
    }
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  }, 60_000);
});
