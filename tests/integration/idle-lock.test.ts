import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus, LockStatus } from '../../shared/api/contract';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';

/**
 * The laptop's side of issue 29, with the real app and the real server: a forced password change
 * at the first sign-in, the idle lock held by the main process (not the screen), unlocking offline
 * with the password last used online, and five wrong passwords signing the account out with its
 * drafts kept.
 */
describe('passwords and the idle lock on the laptop', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer('pglite', [{ username: 'chen', counties: ['371502'], mustChangePassword: true }]);
  }, 120_000);
  afterAll(() => server?.close());

  it('asks a new officer for a new password, says what is wrong with it, and locks and unlocks offline', async () => {
    const app = testApp({ token: '' });
    const reopen: { dataDir: string } = { dataDir: app.dataDir };
    try {
      const first = await expectOk<AccountStatus>(app.dispatch('account.signIn', { serverUrl: server.url, username: 'chen', password: 'correct horse 1' }));
      expect(first.passwordChange).toBe('first');
      // The rules are checked in the main process before anything goes out, field by field.
      expect(await app.dispatch('account.changePassword', { currentPassword: 'correct horse 1', newPassword: 'alllowercase' })).toMatchObject({ ok: false, error: { fields: { newPassword: 'password.kinds' } } });
      expect(await app.dispatch('account.changePassword', { currentPassword: 'wrong horse 1', newPassword: 'Chosen by me 2026' })).toMatchObject({ ok: false, error: { fields: { currentPassword: 'password.currentWrong' } } });
      expect(await app.dispatch('account.changePassword', { currentPassword: 'correct horse 1', newPassword: 'correct horse 1' })).toMatchObject({ ok: false, error: { fields: { newPassword: 'password.reused' } } });
      const changed = await expectOk<AccountStatus>(app.dispatch('account.changePassword', { currentPassword: 'correct horse 1', newPassword: 'Chosen by me 2026' }));
      expect(changed.passwordChange).toBeNull();

      // A draft to keep whatever happens at the lock.
      const firmId = (await expectOk<{ items: { id: string }[] }>(app.dispatch('firms.search', { query: '' }))).items[0]!.id;
      const draftId = uuidv7();
      await expectOk(app.dispatch('visits.saveDraft', { id: draftId, firmId, kind: 'diagnosis', answers: fullAnswers() }));

      expect(await expectOk<LockStatus>(app.dispatch('lock.status', {}))).toEqual({ enabled: true, idleMinutes: 15, locked: false, attemptsLeft: 5 });
      // The bureau's policy rides on every sync's health probe: a laptop holding another value takes the server's.
      app.db.prepare("UPDATE settings SET value = '30' WHERE key = 'idleLockMinutes'").run();
      expect((await expectOk<LockStatus>(app.dispatch('lock.status', {}))).idleMinutes).toBe(30);
      await app.sync.syncNow();
      expect((await expectOk<LockStatus>(app.dispatch('lock.status', {}))).idleMinutes).toBe(15);
      expect((await expectOk<LockStatus>(app.dispatch('lock.engage', {}))).locked).toBe(true);
      // The main process refuses the rest, whatever the screen does.
      expect(await app.dispatch('visits.get', { id: draftId })).toMatchObject({ ok: false, error: { code: 'SCREEN_LOCKED' } });
      expect(await app.dispatch('account.signOut', {})).toMatchObject({ ok: false, error: { code: 'SCREEN_LOCKED' } });
      expect((await expectOk<AccountStatus>(app.dispatch('account.status', {}))).account?.username).toBe('chen'); // the lock screen names whose password it asks for
      expect(await app.dispatch('lock.unlock', { password: 'correct horse 1' })).toMatchObject({ ok: false, error: { fields: { password: 'lock.wrongPassword' } } });
      expect((await expectOk<LockStatus>(app.dispatch('lock.status', {}))).attemptsLeft).toBe(4);
    } finally {
      await app.close();
    }

    // A restart keeps the lock; the server is away (offline) and the new password unlocks.
    const again = testApp({ token: '', dataDir: reopen.dataDir, serverUrl: 'http://127.0.0.1:9' });
    try {
      expect((await expectOk<LockStatus>(again.dispatch('lock.status', {}))).locked).toBe(true);
      expect(await again.dispatch('firms.search', { query: '' })).toMatchObject({ ok: false, error: { code: 'SCREEN_LOCKED' } });
      expect(await expectOk(again.dispatch('lock.unlock', { password: 'Chosen by me 2026' }))).toMatchObject({ locked: false, attemptsLeft: 5, signedOut: false });
      expect((await expectOk<{ items: unknown[] }>(again.dispatch('firms.search', { query: '' }))).items.length).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('five wrong passwords sign the account out and keep its drafts; the demo never locks', async () => {
    const app = testApp({ token: '' });
    try {
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username: 'chen', password: 'Chosen by me 2026' }));
      const firmId = (await expectOk<{ items: { id: string }[] }>(app.dispatch('firms.search', { query: '' }))).items[0]!.id;
      const draftId = uuidv7();
      await expectOk(app.dispatch('visits.saveDraft', { id: draftId, firmId, kind: 'diagnosis', answers: fullAnswers() }));
      await expectOk(app.dispatch('lock.engage', {}));
      for (let i = 0; i < 4; i++) expect((await app.dispatch('lock.unlock', { password: `guess number ${i}` })).ok).toBe(false);
      expect(await expectOk(app.dispatch('lock.unlock', { password: 'guess number 5' }))).toMatchObject({ signedOut: true, locked: false, enabled: false });
      expect(await expectOk<AccountStatus>(app.dispatch('account.status', {}))).toMatchObject({ signedIn: false, account: null });
      expect(await expectOk(app.dispatch('visits.get', { id: draftId }))).toMatchObject({ id: draftId, status: 'draft' });
      // The server no longer knows the device either.
      const { rows } = await server.stores.client.query<{ live: number }>('SELECT count(*)::int AS live FROM devices WHERE revoked_at IS NULL AND public_key IS NOT NULL');
      expect(rows[0]!.live).toBe(1); // the first test's laptop only
    } finally {
      await app.close();
    }

    const demo = testApp({ token: '', profile: 'demo' });
    try {
      expect(await expectOk(demo.dispatch('lock.engage', {}))).toMatchObject({ enabled: false, locked: false });
    } finally {
      await demo.close();
    }
  }, 120_000);
});
