import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROTOCOL_VERSION } from '../shared/api/sync-protocol';
import type { SigningKeys } from '../shared/api/transfer';
import type { SealingKeys } from '../shared/api/sealed-box';
import type { ServerKeys } from '../shared/api/sync-protocol';
import type { AccountStore, Principal } from './store/account-store';
import type { TotpStore } from './totp/totp-store';
import type { AttachmentStore } from './store/attachment-store';
import type { DirectoryStore } from './store/directory-store';
import type { VisitStore } from './store/visit-store';
import type { SqlClient } from './store/sql-client';
import type { ServerMetrics } from './observability';
import type { AuditSealer } from './audit/audit-seal';
import { actorOf, type AuditActor } from './audit/audit-log';
import type { AccountAdmin } from './accounts/account-admin';

export interface ServerDeps {
  /** The database every instance shares (sign-in limits live there too). */
  client: SqlClient;
  visits: VisitStore;
  accounts: AccountStore;
  directory: DirectoryStore;
  attachments: AttachmentStore;
  /** The server's receipt-signing key (see receipt-key.ts). */
  receiptKey: SigningKeys;
  /** The X25519 key USB transfer files are sealed to (receipt-key.ts). */
  transferKey: SealingKeys;
  /** The public keys laptops learn with each health answer, signed (shared/api/server-keys.ts). */
  serverKeys: ServerKeys;
  /** Device tokens unused this many days must sign in again. */
  tokenIdleDays: number;
  /** Minutes a laptop may sit idle before it locks; 0 = never (XUNLIAN_IDLE_LOCK_MINUTES). */
  idleLockMinutes: number;
  /** Second factors (server/totp/totp-store.ts). */
  totp: TotpStore;
  now: () => Date;
  auditSealer: AuditSealer;
  auditKey: Buffer;
  accountAdmin: AccountAdmin;
  /** Counters the routes move (visits and firm changes received, sign-in refusals). */
  metrics?: ServerMetrics;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** An error answer: a code, an English message, and (where the app shows it) the i18n key of its sentence. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string, key?: string) {
  return reply.code(status).send({ protocol: PROTOCOL_VERSION, error: key ? { code, message, key } : { code, message } });
}

/** The signed-in caller, or a 401 already sent. */
export function requirePrincipal(request: FastifyRequest, reply: FastifyReply): Principal | null {
  if (request.principal) return request.principal;
  void sendError(reply, 401, 'UNAUTHORIZED', 'Sign in again: the device token is missing, wrong or revoked.');
  return null;
}

/** The audit log's "who": the request's principal (from the server's records) and its client address. */
export function requestActor(request: FastifyRequest): AuditActor {
  return actorOf(request.principal, request.ip);
}
