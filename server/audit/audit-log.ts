import { userInfo } from 'node:os';
import { AuditDetail, type AuditAction } from '../../shared/api/audit';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';

type Queryable = Pick<SqlClient, 'query'>;

/** Who did it, from the server's own records (the device token), and from where. */
export interface AuditActor {
  accountId: string | null;
  username: string | null;
  role: string | null;
  deviceId: string | null;
  address: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  /** What it was done to: a username, a firm id, a file name, a route. */
  object?: string | null;
  counties?: readonly string[] | null;
  outcome?: 'done' | 'refused';
  /** A refusal's reason key (validation.outOfScope, FORBIDDEN…). */
  reason?: string | null;
  detail?: AuditDetail;
  laptopEventId?: string;
  laptopAt?: string;
}

export const actorOf = (principal: Principal | null, address: string | null): AuditActor => ({
  accountId: principal?.accountId ?? null,
  username: principal?.username ?? null,
  role: principal?.role ?? null,
  deviceId: principal?.deviceId ?? null,
  address: address ?? principal?.address ?? null,
});

/** Someone signing in is not a principal yet: the username they typed, and where from. */
export const anonymousActor = (username: string | null, address: string | null): AuditActor => ({ accountId: null, username, role: null, deviceId: null, address });

/** The server's command line: the operating-system user who ran it, on the server itself. */
export function operatorActor(): AuditActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (a container): the command still runs and says so
  }
  return { accountId: null, username: `cli:${name}`, role: 'operator', deviceId: null, address: 'local' };
}

const sealNudges = new Set<() => void>();
/** The sealers of this process (server/audit/audit-seal.ts) hear that rows wait to be sealed. */
export function onAuditWritten(nudge: () => void): () => void {
  sealNudges.add(nudge);
  return () => sealNudges.delete(nudge);
}

/**
 * Writes one audit row in the caller's transaction (`tx`), so the row exists exactly when
 * the action does. The row is sealed into the hash chain shortly after it commits.
 */
export async function audit(tx: Queryable, actor: AuditActor, entry: AuditEntry): Promise<void> {
  const detail = AuditDetail.parse(entry.detail ?? {}); // throws on a name that could hold a secret (SECRET_DETAIL_KEY)
  await tx.query(
    `INSERT INTO audit_log (account_id, username, role, device_id, address, action, object, counties, outcome, reason, detail, laptop_event_id, laptop_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      actor.accountId,
      actor.username,
      actor.role,
      actor.deviceId,
      actor.address,
      entry.action,
      entry.object?.slice(0, 200) ?? null,
      entry.counties ? JSON.stringify([...entry.counties].sort()) : null,
      entry.outcome ?? 'done',
      entry.reason?.slice(0, 200) ?? null,
      JSON.stringify(detail),
      entry.laptopEventId ?? null,
      entry.laptopAt ?? null,
    ],
  );
  for (const nudge of sealNudges) nudge();
}

/** An action with no transaction of its own (a refusal, a read): its row on its own. */
export function auditAlone(db: Queryable, actor: AuditActor, entry: AuditEntry): Promise<void> {
  return audit(db, actor, entry);
}
