import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, SignInRequest } from '../../shared/api/sync-protocol';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { anonymousActor, audit, auditAlone } from '../audit/audit-log';
import { RateLimiter } from '../rate-limit';

export const SIGN_IN_WINDOW_MS = 5 * 60_000;
/** Attempts per (username, address) and per address in one window. */
export const SIGN_IN_ATTEMPTS_PER_USER = 5;
export const SIGN_IN_ATTEMPTS_PER_ADDRESS = 60;

/**
 * Sign-in (once, online) issues a device token; sign-out revokes it. Each attempt is
 * counted before the (slow) password check, so concurrent guesses cannot slip past
 * the limit; the limit is per (username, address), so a stranger elsewhere cannot
 * lock a user out, and per address overall — where a successful sign-in gives its count
 * back, so only failures use up an address's allowance.
 */
export function sessionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const perAddress = new RateLimiter(deps.client, 'address', SIGN_IN_ATTEMPTS_PER_ADDRESS, SIGN_IN_WINDOW_MS);
  const perUserAddress = new RateLimiter(deps.client, 'user', SIGN_IN_ATTEMPTS_PER_USER, SIGN_IN_WINDOW_MS);

  app.post('/api/v1/session', { bodyLimit: 4096 }, async (request, reply) => {
    const input = SignInRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'username, password and deviceName are required.');
    const key = `${input.data.username.toLowerCase()}\n${request.ip}`;
    const wait = Math.max(await perAddress.hit(request.ip), await perUserAddress.hit(key));
    const who = anonymousActor(input.data.username.slice(0, 40), request.ip);
    if (wait > 0) {
      deps.metrics?.signInLockouts.inc();
      await auditAlone(deps.client, who, { action: 'session.lockedOut', object: input.data.username, outcome: 'refused', reason: 'RATE_LIMITED' });
      reply.header('retry-after', Math.ceil(wait / 1000));
      return sendError(reply, 429, 'RATE_LIMITED', 'Too many sign-in attempts. Wait a few minutes and try again.');
    }
    const otp = input.data.otp;
    const result = await deps.accounts.signIn(input.data.username, input.data.password, input.data.deviceName, input.data.publicKey ?? null, async (account) => {
      if (!(await deps.totp.enrolled(account.id))) return 'pass'; // enrolment, where required, comes right after (totpEnrolment)
      if (!otp) return 'required';
      return (await deps.totp.pass(account.id, otp)) ? 'pass' : 'wrong';
    }, (tx, account, deviceId) => audit(tx, { ...who, accountId: account.id, role: account.role, deviceId }, { action: 'session.signIn', object: input.data.deviceName.slice(0, 100), detail: { secondFactor: otp !== undefined } }));
    if (!result) {
      deps.metrics?.signInFailures.inc();
      await auditAlone(deps.client, who, { action: 'session.signInFailed', object: input.data.username, outcome: 'refused', reason: 'BAD_CREDENTIALS' });
      return sendError(reply, 401, 'BAD_CREDENTIALS', 'Wrong username or password.');
    }
    // The password was right; the second factor is asked for, or was wrong (counted like a wrong password).
    if ('refused' in result) {
      if (result.refused === 'totpWrong') deps.metrics?.signInFailures.inc();
      if (result.refused === 'totpWrong') await auditAlone(deps.client, who, { action: 'session.signInFailed', object: input.data.username, outcome: 'refused', reason: 'TOTP_WRONG' });
      return result.refused === 'totpRequired'
        ? sendError(reply, 401, 'TOTP_REQUIRED', 'Type the code of your authenticator app (or a recovery code).', 'totp.required')
        : sendError(reply, 401, 'TOTP_WRONG', 'The code is wrong or already used.', 'totp.wrong');
    }
    await perUserAddress.reset(key);
    await perAddress.giveBack(request.ip);
    const p = result.principal;
    return {
      protocol: PROTOCOL_VERSION,
      token: result.token,
      deviceId: p.deviceId,
      account: { username: p.username, displayName: p.displayName, role: p.role, countyScope: p.countyScope },
      serverPublicKey: deps.receiptKey.publicKey,
      tokenIdleDays: deps.tokenIdleDays,
      passwordChange: p.passwordChange,
      idleLockMinutes: deps.idleLockMinutes,
      totpEnrolment: p.totpEnrolment ?? false,
    };
  });

  app.delete('/api/v1/session', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    await deps.accounts.revokeDevice(principal.deviceId, (tx) => audit(tx, requestActor(request), { action: 'session.signOut' }));
    return { protocol: PROTOCOL_VERSION, signedOut: true };
  });
}
