import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setTestClock } from '../../shared/clock';
import { currentCode } from '../../server/totp/totp-store';
import { callJson, inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { serverAdmin } from '../fixtures/processes';

/**
 * TOTP as the second factor (issue 29), against the real server with XUNLIAN_TOTP_ROLES=admin:
 * an administrator must enrol before anything else; then every sign-in asks for a code, a code
 * works once, a recovery code works once, and a wrong code is refused like a wrong password.
 */
describe('TOTP for administrators', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer('pglite', [{ username: 'root', role: 'admin', counties: null }, { username: 'wang', counties: ['371502'] }], { XUNLIAN_TOTP_ROLES: 'admin' });
  }, 120_000);
  afterAll(() => server?.close());
  afterEach(() => setTestClock(null));

  const call = (path: string, token: string | null, body?: unknown) => callJson(server.url, path, token, body);
  const signIn = (username: string, otp?: string) => call('/api/v1/session', null, { username, password: 'correct horse 1', deviceName: 'pc', ...(otp ? { otp } : {}) });

  it('an administrator enrols first, then signs in with a code once per code, or a recovery code once', async () => {
    const first = await signIn('root');
    expect(first.body).toMatchObject({ totpEnrolment: true });
    const token = first.body.token as string;
    expect(await call('/api/v1/visits?limit=1', token)).toMatchObject({ status: 403, body: { error: { code: 'TOTP_ENROLMENT_REQUIRED' } } });
    const started = await call('/api/v1/account/totp/start', token, {});
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    const secret = started.body.secret as string;
    expect(await call('/api/v1/account/totp/confirm', token, { code: '000000' === (await currentCode(secret)) ? '111111' : '000000' })).toMatchObject({ status: 400, body: { error: { key: 'totp.wrong' } } });
    const confirmed = await call('/api/v1/account/totp/confirm', token, { code: await currentCode(secret) });
    const recovery = confirmed.body.recoveryCodes as string[];
    expect(recovery).toHaveLength(10);
    expect((await call('/api/v1/visits?limit=1', token)).status).toBe(200);

    // From now on: the password alone is not enough; a wrong code is refused.
    expect(await signIn('root')).toMatchObject({ status: 401, body: { error: { code: 'TOTP_REQUIRED', key: 'totp.required' } } });
    expect(await signIn('root', '123456')).toMatchObject({ status: 401, body: { error: { code: 'TOTP_WRONG' } } });
    // A fresh code (the next 30 s step) passes once; the same code again does not (replay).
    setTestClock(new Date(Date.now() + 31_000));
    const code = await currentCode(secret);
    expect((await signIn('root', code)).status).toBe(200);
    expect(await signIn('root', code)).toMatchObject({ status: 401, body: { error: { code: 'TOTP_WRONG' } } });
    // A recovery code works once, in any case and spacing.
    expect((await signIn('root', recovery[0]!.toLowerCase())).status).toBe(200);
    expect((await signIn('root', recovery[0]!)).status).toBe(401);
    expect((await call('/api/v1/account/totp', (await signIn('root', recovery[1]!)).body.token as string)).body).toMatchObject({ enrolled: true, recoveryCodesLeft: 8 });

    // An officer's role needs none: the password signs in.
    expect(await signIn('wang')).toMatchObject({ status: 200, body: { totpEnrolment: false } });
  }, 120_000);
});

describe('the admin command line', () => {
  it('resets a lost second factor', () => {
    const result = serverAdmin(`${process.env.TMPDIR ?? '/tmp'}/xunlian-no-such-${Date.now()}`, ['reset-totp', '--username', 'nobody']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No account named nobody');
  }, 60_000);
});
