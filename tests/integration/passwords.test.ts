import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setTestClock } from '../../shared/clock';
import { callJson, inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

/**
 * Passwords as 等保 2.0 asks (issue 29), against the real server: a new account and a reset
 * account must choose a new password before anything else; the rules, the last five, expiry
 * by the server's clock; changing it signs the account's other devices out.
 */
describe.each(SERVER_STORES)('passwords (%s)', (store) => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer(store, [{ username: 'chen', counties: ['371502'], mustChangePassword: true }, { username: 'wang', counties: ['371502'] }]);
  }, 120_000);
  afterAll(() => server?.close());
  afterEach(() => setTestClock(null));

  const call = (path: string, token: string | null, body?: unknown) => callJson(server.url, path, token, body);
  const signIn = (username: string, password: string) => call('/api/v1/session', null, { username, password, deviceName: 'laptop' });
  const change = (token: string, currentPassword: string, newPassword: string) => call('/api/v1/account/password', token, { currentPassword, newPassword });

  it('a new account must choose its own password first; the rules and the last five are kept', async () => {
    const first = await signIn('chen', 'correct horse 1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ passwordChange: 'first', idleLockMinutes: 15 });
    const token = first.body.token as string;
    // Until then the device token opens nothing else, checked before any body is read.
    expect(await call('/api/v1/visits?limit=1', token)).toMatchObject({ status: 403, body: { error: { code: 'PASSWORD_CHANGE_REQUIRED', key: 'password.changeRequired' } } });

    expect(await change(token, 'wrong horse 1', 'Brand-new pass 7')).toMatchObject({ status: 401, body: { error: { key: 'password.currentWrong' } } });
    expect(await change(token, 'correct horse 1', 'short')).toMatchObject({ status: 400, body: { error: { problems: ['tooShort', 'kinds'] } } });
    expect(await change(token, 'correct horse 1', 'chen-Password-1')).toMatchObject({ status: 400, body: { error: { problems: ['containsUsername'] } } });
    expect(await change(token, 'correct horse 1', 'correct horse 1')).toMatchObject({ status: 400, body: { error: { problems: ['reused'] } } });

    const passwords = ['Brand-new pass 1', 'Brand-new pass 2', 'Brand-new pass 3', 'Brand-new pass 4', 'Brand-new pass 5'];
    let current = 'correct horse 1';
    for (const next of passwords) {
      expect((await change(token, current, next)).status).toBe(200);
      current = next;
    }
    // Free to work now.
    expect((await call('/api/v1/visits?limit=1', token)).status).toBe(200);
    // The last five (the current one among them) may not come back; the sixth back may.
    expect(await change(token, current, 'Brand-new pass 2')).toMatchObject({ status: 400, body: { error: { problems: ['reused'] } } });
    expect((await change(token, current, 'correct horse 1')).status).toBe(200);
    expect((await signIn('chen', 'correct horse 1')).body).toMatchObject({ passwordChange: null });
  }, 120_000);

  it('a password expires after 90 days by the server clock; a reset asks again and signs every device out', async () => {
    const signedIn = await signIn('wang', 'correct horse 1');
    const token = signedIn.body.token as string;
    expect(signedIn.body.passwordChange).toBeNull();
    setTestClock(new Date(Date.now() + 89 * 86_400_000));
    expect((await call('/api/v1/visits?limit=1', token)).status).toBe(200);
    setTestClock(new Date(Date.now() + 91 * 86_400_000));
    expect((await call('/api/v1/visits?limit=1', token)).body.error?.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await signIn('wang', 'correct horse 1')).body.passwordChange).toBe('expired');

    // Changing it on one laptop signs the account's other devices out; this one stays.
    const other = (await signIn('wang', 'correct horse 1')).body.token as string;
    expect((await change(token, 'correct horse 1', 'Summer rain 2027')).status).toBe(200);
    expect((await call('/api/v1/visits?limit=1', token)).status).toBe(200);
    expect((await call('/api/v1/visits?limit=1', other)).status).toBe(401);

    await server.stores.accounts.resetPassword('wang', 'Told by phone 88');
    expect((await call('/api/v1/visits?limit=1', token)).status).toBe(401);
    const afterReset = await signIn('wang', 'Told by phone 88');
    expect(afterReset.body.passwordChange).toBe('reset');
    expect((await change(afterReset.body.token as string, 'Told by phone 88', 'Autumn leaves 2027')).status).toBe(200);
    expect((await signIn('wang', 'Autumn leaves 2027')).body.passwordChange).toBeNull();
  }, 120_000);
});
