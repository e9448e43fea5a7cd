import { z } from 'zod';
import { AccountListBody } from '../../../shared/api/accounts';
import { AuditPageBody, type AuditQuery } from '../../../shared/api/audit';
import { AppError } from '../../../shared/api/errors';
import { PROTOCOL_VERSION, type AccountInfo } from '../../../shared/api/sync-protocol';
import type { Credentials } from '../../sync/engine';
import { requestCsv, requestJson, TransportError } from '../../sync/http';
import { writeFileAtomically } from '../atomic-file';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { online, onlineAs, onlineError } from '../handlers/online';

const Created = z.object({ protocol: z.literal(PROTOCOL_VERSION), created: z.string() });
const Changed = z.object({ protocol: z.literal(PROTOCOL_VERSION), changed: z.string() });

/** The query string of an audit filter (only the fields given). */
function auditParams(q: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) if (value !== undefined) params.set(key, String(value));
  return params.toString();
}

/** A refusal whose reason the server named (a rule, a password rule): the app shows that sentence. */
async function withServerReason<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof AppError) throw error; // refused here already (not signed in with the right role)
    if (error instanceof TransportError && error.serverKey && (error.httpStatus === 400 || error.httpStatus === 409 || error.httpStatus === 404))
      throw new AppError(error.httpStatus === 404 ? 'NOT_FOUND' : error.httpStatus === 409 ? 'CONFLICT' : 'VALIDATION', error.message, { server: error.serverKey });
    throw onlineError(error);
  }
}

/**
 * The accounts screen (administrators) and the audit log (auditors), both online: the
 * server applies its rules and writes the audit rows; the laptop keeps nothing of either.
 */
export function adminHandlers(ctx: ServiceContext, credentials: () => Credentials, account: () => AccountInfo | null): Pick<Handlers, 'accounts.list' | 'accounts.create' | 'accounts.change' | 'audit.query' | 'audit.exportCsv'> {
  const admin = () => onlineAs(credentials, account, ['admin'], 'Sign in with an administrator account to manage accounts.');
  const auditor = () => onlineAs(credentials, account, ['auditor'], 'Sign in with an auditor account to read the audit log.');
  return {
    'accounts.list': async () => (await online(() => requestJson(admin(), '/api/v1/accounts', AccountListBody))).value.accounts,
    'accounts.create': async (input) => ({ created: (await withServerReason(() => requestJson(admin(), '/api/v1/accounts', Created, input))).value.created }),
    'accounts.change': async ({ username, request }) => ({ changed: (await withServerReason(() => requestJson(admin(), `/api/v1/accounts/${encodeURIComponent(username)}`, Changed, request))).value.changed }),
    'audit.query': async (query) => {
      const { value } = await withServerReason(() => requestJson(auditor(), `/api/v1/audit?${auditParams(query)}`, AuditPageBody));
      return { rows: value.rows, more: value.more };
    },
    'audit.exportCsv': async (query) => {
      const { before: _before, ...period } = query;
      const csv = await withServerReason(() => requestCsv(auditor(), `/api/v1/audit/export?${auditParams(period)}`));
      const day = ctx.now().toISOString().slice(0, 10);
      return ctx.platform.deliverFile(`巡链审计日志-${day}.csv`, async (path) => {
        await writeFileAtomically(path, async (write) => write(csv));
        return Math.max(0, csv.split('\r\n').length - 2);
      });
    },
  };
}
