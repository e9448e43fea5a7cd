import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountChangeRequest, CreateAccountRequest } from '../../shared/api/accounts';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import { AccountError, PasswordRuleError, type Principal } from '../store/account-store';
import { AccountRuleError } from './account-admin';
import { auditAlone } from '../audit/audit-log';
import type { ServerAuditAction } from '../../shared/api/audit';

/** The audit action of each change (a refused one is recorded under the action it attempted). */
const CHANGE_ACTIONS: Record<AccountChangeRequest['change'], ServerAuditAction> = {
  disable: 'account.disabled',
  enable: 'account.enabled',
  role: 'account.roleChanged',
  scope: 'account.scopeChanged',
  resetPassword: 'password.reset',
  revokeDevice: 'device.revoked',
  unlock: 'account.unlocked',
  resetTotp: 'totp.reset',
};

/**
 * The accounts screen's server side: administrators only, every change through the same
 * rules as `server:admin` (AccountAdmin) and audited in the change's own transaction.
 */
export function accountRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const adminOnly = (request: FastifyRequest, reply: FastifyReply): Principal | null => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return null;
    if (principal.role !== 'admin') {
      void sendError(reply, 403, 'FORBIDDEN', 'Administrators manage accounts.', 'errors.FORBIDDEN');
      return null;
    }
    return principal;
  };
  const refused = (reply: FastifyReply, error: unknown) => {
    if (error instanceof PasswordRuleError) return reply.code(400).send({ protocol: PROTOCOL_VERSION, error: { code: 'VALIDATION', message: error.message, key: `password.${error.problems[0]}`, problems: error.problems } });
    if (error instanceof AccountRuleError) return sendError(reply, error.key === 'noAccount' || error.key === 'noDevice' ? 404 : 400, error.key === 'noAccount' || error.key === 'noDevice' ? 'NOT_FOUND' : 'VALIDATION', error.message, `accounts.rule.${error.key}`);
    if (error instanceof AccountError) return sendError(reply, 409, 'CONFLICT', error.message, /taken/.test(error.message) ? 'accounts.rule.taken' : undefined);
    throw error;
  };

  app.get('/api/v1/accounts', async (request, reply) => {
    if (!adminOnly(request, reply)) return reply;
    return { protocol: PROTOCOL_VERSION, accounts: await deps.accountAdmin.list() };
  });

  app.post('/api/v1/accounts', { bodyLimit: 8 * 1024 }, async (request, reply) => {
    if (!adminOnly(request, reply)) return reply;
    const input = CreateAccountRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', `Not a valid account: ${input.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    try {
      await deps.accountAdmin.create(requestActor(request), input.data);
    } catch (error) {
      return refused(reply, error);
    }
    return { protocol: PROTOCOL_VERSION, created: input.data.username };
  });

  app.post<{ Params: { username: string } }>('/api/v1/accounts/:username', { bodyLimit: 8 * 1024 }, async (request, reply) => {
    const principal = adminOnly(request, reply);
    if (!principal) return reply;
    const username = request.params.username;
    if (!/^[a-z0-9._-]{2,40}$/i.test(username)) return sendError(reply, 400, 'VALIDATION', 'Not a username.', 'accounts.rule.username');
    const input = AccountChangeRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', `Not a valid change: ${input.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    try {
      await deps.accountAdmin.change(requestActor(request), username, input.data, principal.username);
    } catch (error) {
      // A change the rules refuse is on the record too, with the rule that refused it.
      if (error instanceof AccountRuleError || error instanceof PasswordRuleError)
        await auditAlone(deps.client, requestActor(request), { action: CHANGE_ACTIONS[input.data.change], object: username, outcome: 'refused', reason: error instanceof AccountRuleError ? `accounts.rule.${error.key}` : `password.${error.problems[0]}` });
      return refused(reply, error);
    }
    return { protocol: PROTOCOL_VERSION, changed: input.data.change };
  });
}
