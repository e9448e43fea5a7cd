import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, SignInRequest } from '../../shared/api/sync-protocol';
import { requirePrincipal, sendError, type ServerDeps } from '../context';
import { RateLimiter } from '../rate-limit';

/** Sign-in (once, online) issues a device token; sign-out revokes it. */
export function sessionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // Every attempt counts per address (an office may share one); failures count per username.
  const perAddress = new RateLimiter(60, 5 * 60_000);
  const failuresPerUser = new RateLimiter(5, 5 * 60_000);

  app.post('/api/v1/session', async (request, reply) => {
    const input = SignInRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'username, password and deviceName are required.');
    const user = input.data.username.toLowerCase();
    const wait = Math.max(perAddress.hit(request.ip), failuresPerUser.wait(user));
    if (wait > 0) {
      reply.header('retry-after', Math.ceil(wait / 1000));
      return sendError(reply, 429, 'RATE_LIMITED', 'Too many sign-in attempts. Wait a few minutes and try again.');
    }
    const result = await deps.accounts.signIn(input.data.username, input.data.password, input.data.deviceName);
    if (!result) {
      failuresPerUser.hit(user);
      return sendError(reply, 401, 'BAD_CREDENTIALS', 'Wrong username or password.');
    }
    const p = result.principal;
    return { protocol: PROTOCOL_VERSION, token: result.token, deviceId: p.deviceId, account: { username: p.username, displayName: p.displayName, role: p.role, countyScope: p.countyScope } };
  });

  app.delete('/api/v1/session', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    await deps.accounts.revokeDevice(principal.deviceId);
    return { protocol: PROTOCOL_VERSION, signedOut: true };
  });
}
