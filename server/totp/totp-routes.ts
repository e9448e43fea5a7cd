import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, TotpConfirmRequest } from '../../shared/api/sync-protocol';
import { requirePrincipal, sendError, type ServerDeps } from '../context';

/** Enrolling one's own second factor, online: start (a secret to scan), confirm (a code it makes), status. */
export function totpRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get('/api/v1/account/totp', async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const enrolled = await deps.totp.enrolled(principal.accountId);
    return { protocol: PROTOCOL_VERSION, enrolled, required: principal.totpEnrolment === true || enrolled, recoveryCodesLeft: enrolled ? await deps.totp.recoveryCodesLeft(principal.accountId) : 0 };
  });

  app.post('/api/v1/account/totp/start', { bodyLimit: 1024 }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    if (await deps.totp.enrolled(principal.accountId)) return sendError(reply, 409, 'CONFLICT', 'A second factor is already set up; an administrator resets it (server:admin reset-totp).', 'totp.alreadyEnrolled');
    return { protocol: PROTOCOL_VERSION, ...(await deps.totp.start(principal.accountId, principal.username)) };
  });

  app.post('/api/v1/account/totp/confirm', { bodyLimit: 1024 }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const input = TotpConfirmRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', 'The code is 6 digits.', 'totp.sixDigits');
    const codes = await deps.totp.confirm(principal.accountId, input.data.code);
    if (!codes) return sendError(reply, 400, 'VALIDATION', 'The code does not match (or no set-up was started).', 'totp.wrong');
    return { protocol: PROTOCOL_VERSION, recoveryCodes: codes };
  });
}
