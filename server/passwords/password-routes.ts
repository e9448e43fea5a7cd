import type { FastifyInstance } from 'fastify';
import { ChangePasswordRequest, PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { audit } from '../audit/audit-log';
import { RateLimiter } from '../rate-limit';
import { SIGN_IN_ATTEMPTS_PER_USER, SIGN_IN_WINDOW_MS } from '../routes/session';
import { PasswordRuleError } from '../store/account-store';

/**
 * A user changes their own password: the signed-in device, the current password, a new one
 * that keeps the rules (shared/domain/passwords/policy.ts) and is none of the last five.
 * Wrong current passwords count against the same limit as sign-in guesses, per account.
 */
export function passwordRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const perAccount = new RateLimiter(deps.client, 'password', SIGN_IN_ATTEMPTS_PER_USER, SIGN_IN_WINDOW_MS);

  app.post('/api/v1/account/password', { bodyLimit: 4096 }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const input = ChangePasswordRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'currentPassword and newPassword are required.');
    const wait = await perAccount.hit(principal.accountId);
    if (wait > 0) {
      reply.header('retry-after', Math.ceil(wait / 1000));
      return sendError(reply, 429, 'RATE_LIMITED', 'Too many attempts. Wait a few minutes and try again.');
    }
    try {
      const changed = await deps.accounts.changePassword(principal, input.data.currentPassword, input.data.newPassword, (tx) =>
        audit(tx, requestActor(request), { action: 'password.changed', detail: { reason: principal.passwordChange ?? 'chosen' } }),
      );
      if (!changed) return sendError(reply, 401, 'BAD_CREDENTIALS', 'The current password is wrong.', 'password.currentWrong');
    } catch (error) {
      if (error instanceof PasswordRuleError) return reply.code(400).send({ protocol: PROTOCOL_VERSION, error: { code: 'VALIDATION', message: error.message, key: `password.${error.problems[0]}`, problems: error.problems } });
      throw error;
    }
    await perAccount.reset(principal.accountId);
    return { protocol: PROTOCOL_VERSION, changed: true, idleLockMinutes: deps.idleLockMinutes };
  });
}
