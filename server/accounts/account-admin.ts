import type { AccountChangeRequest, AccountSummary, CreateAccountRequest } from '../../shared/api/accounts';
import { COUNTY_CODES } from '../../shared/domain/divisions';
import { audit, type AuditActor } from '../audit/audit-log';
import { liftLockout } from '../rate-limit';
import { SIGN_IN_ATTEMPTS_PER_USER } from '../routes/session';
import { AccountError, type AccountStore, type Role } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import type { TotpStore } from '../totp/totp-store';

/** A change the rules refuse; `key` is the sentence the app shows (accounts.rule.<key>). */
export class AccountRuleError extends AccountError {
  constructor(
    message: string,
    readonly key: string,
  ) {
    super(message);
  }
}

export function knownCounties(counties: readonly string[]): string[] {
  const unknown = counties.filter((c) => !(COUNTY_CODES as readonly string[]).includes(c));
  if (unknown.length) throw new AccountRuleError(`Unknown county codes: ${unknown.join(', ')} (Liaocheng: ${COUNTY_CODES.join(' ')})`, 'unknownCounty');
  return [...counties];
}

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  county_scope: string[] | string | null;
  disabled: boolean;
  must_change_password: 'first' | 'reset' | null;
  password_changed_at: Date | string;
  totp_on: boolean;
  last_seen_at: Date | string | null;
  locked: boolean;
}
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * Account administration: one set of rules for the accounts screen (an admin, online) and
 * the server's command line (the operator). Every change is audited in its own transaction.
 * Roles are kept apart: an auditor is created as one and stays one; no account becomes an
 * auditor later; an admin cannot disable, demote or narrow themselves on the screen.
 */
export class AccountAdmin {
  constructor(
    private readonly db: SqlClient,
    private readonly accounts: AccountStore,
    private readonly totp: TotpStore,
    private readonly passwordMaxAgeDays: number,
  ) {}

  async list(): Promise<AccountSummary[]> {
    const { rows } = await this.db.query<AccountRow>(
      `SELECT a.id, a.username, a.display_name, a.role, a.county_scope, a.disabled, a.must_change_password, a.password_changed_at, a.totp_secret IS NOT NULL AS totp_on,
              (SELECT MAX(last_seen_at) FROM devices d WHERE d.account_id = a.id) AS last_seen_at,
              EXISTS (SELECT 1 FROM sign_in_limits l WHERE l.key LIKE 'user' || chr(10) || lower(a.username) || chr(10) || '%' AND l.attempts > $1 AND l.reset_at > now()) AS locked
       FROM accounts a ORDER BY a.role, a.username`,
      [SIGN_IN_ATTEMPTS_PER_USER],
    );
    const { rows: devices } = await this.db.query<{ id: string; account_id: string; name: string; created_at: Date | string; last_seen_at: Date | string | null }>(
      'SELECT id, account_id, name, created_at, last_seen_at FROM devices WHERE revoked_at IS NULL ORDER BY COALESCE(last_seen_at, created_at) DESC',
    );
    const maxAgeMs = this.passwordMaxAgeDays * 86_400_000;
    return rows.map((r) => ({
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      counties: typeof r.county_scope === 'string' ? (JSON.parse(r.county_scope) as string[]) : r.county_scope,
      disabled: r.disabled,
      lastSeenAt: iso(r.last_seen_at),
      locked: r.locked,
      passwordChange: r.must_change_password ?? (maxAgeMs > 0 && Date.now() - new Date(r.password_changed_at).getTime() >= maxAgeMs ? 'expired' : null),
      totp: r.totp_on,
      devices: devices.filter((d) => d.account_id === r.id).map((d) => ({ id: d.id, name: d.name, createdAt: iso(d.created_at)!, lastSeenAt: iso(d.last_seen_at) })),
    }));
  }

  async create(actor: AuditActor, input: CreateAccountRequest): Promise<void> {
    const counties = input.counties === null ? null : knownCounties(input.counties);
    await this.accounts.create({ username: input.username, displayName: input.displayName, role: input.role, countyScope: counties, password: input.password }, (tx) =>
      audit(tx, actor, { action: 'account.created', object: input.username, counties, detail: { role: input.role, wholeCity: counties === null } }),
    );
  }

  /** One change; `self` is the admin's own username on the screen (null from the command line). */
  async change(actor: AuditActor, username: string, request: AccountChangeRequest, self: string | null): Promise<void> {
    const target = (await this.db.query<{ role: Role; county_scope: unknown }>('SELECT role, county_scope FROM accounts WHERE username = $1', [username])).rows[0];
    if (!target) throw new AccountRuleError(`No account named ${username}.`, 'noAccount');
    const ownAccount = self !== null && self.toLowerCase() === username.toLowerCase();
    if (ownAccount && ['disable', 'role', 'scope'].includes(request.change)) throw new AccountRuleError('An administrator does not disable, re-role or re-scope their own account; another administrator does.', 'notSelf');
    const counties = (typeof target.county_scope === 'string' ? JSON.parse(target.county_scope) : target.county_scope) as string[] | null;
    const log = (action: Parameters<typeof audit>[2]['action'], detail: Record<string, string | number | boolean | null | string[]> = {}, subjectCounties: string[] | null = counties) => (tx: Pick<SqlClient, 'query'>) =>
      audit(tx, actor, { action, object: username, counties: subjectCounties, detail });
    switch (request.change) {
      case 'disable':
      case 'enable':
        return this.accounts.setDisabled(username, request.change === 'disable', log(request.change === 'disable' ? 'account.disabled' : 'account.enabled'));
      case 'role':
        if (target.role === 'auditor') throw new AccountRuleError('An auditor account keeps its role; create another account for other work.', 'auditorFixed');
        return this.accounts.setRole(username, request.role, log('account.roleChanged', { from: target.role, to: request.role }));
      case 'scope': {
        const scope = request.counties === null ? null : knownCounties(request.counties);
        return this.accounts.setScope(username, scope, log('account.scopeChanged', { from: counties ?? ['*'], to: scope ?? ['*'] }, [...new Set([...(counties ?? []), ...(scope ?? [])])]));
      }
      case 'resetPassword':
        return this.accounts.resetPassword(username, request.password, log('password.reset'));
      case 'revokeDevice': {
        const revoked = await this.accounts.revokeDevice(request.deviceId, log('device.revoked', { deviceId: request.deviceId }), username);
        if (!revoked) throw new AccountRuleError('No signed-in device of this account has this id.', 'noDevice');
        return;
      }
      case 'unlock':
        await this.db.transaction(async (tx) => {
          await liftLockout(tx, username);
          await log('account.unlocked')(tx);
        });
        return;
      case 'resetTotp':
        await this.totp.reset(username, log('totp.reset'));
        return;
    }
  }
}
