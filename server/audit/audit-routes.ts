import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUDIT_PAGE, AuditQuery, LaptopAuditRequest, type AuditRow } from '../../shared/api/audit';
import { PROTOCOL_VERSION } from '../../shared/api/sync-protocol';
import { csvRow, UTF8_BOM } from '../../shared/domain/csv';
import { countyName } from '../../shared/domain/divisions';
import { zhCN } from '../../shared/i18n/zh-CN';
import { requestActor, requirePrincipal, sendError, type ServerDeps } from '../context';
import type { Principal } from '../store/account-store';
import type { SqlClient } from '../store/sql-client';
import { audit, auditAlone } from './audit-log';

/** An export holds at most this many rows; a longer period is exported in parts. */
export const AUDIT_EXPORT_MAX = 100_000;
const YEAR_MS = 366 * 86_400_000;

interface Row {
  id: string;
  at: Date | string;
  username: string | null;
  role: string | null;
  device_id: string | null;
  address: string | null;
  action: string;
  object: string | null;
  counties: string[] | string | null;
  outcome: 'done' | 'refused';
  reason: string | null;
  detail: Record<string, unknown> | string;
  laptop_at: Date | string | null;
}

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const toRow = (r: Row): AuditRow => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  username: r.username,
  role: r.role,
  deviceId: r.device_id,
  address: r.address,
  action: r.action,
  object: r.object,
  counties: r.counties === null ? null : parse(r.counties),
  outcome: r.outcome,
  reason: r.reason,
  detail: parse(r.detail),
  laptopAt: r.laptop_at === null ? null : new Date(r.laptop_at).toISOString(),
});

async function readRows(db: SqlClient, q: AuditQuery, limit: number): Promise<AuditRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT id::text AS id, at, username, role, device_id, address, action, object, counties, outcome, reason, detail, laptop_at FROM audit_log
     WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR lower(username) = lower($3)) AND ($4::text IS NULL OR action = $4)
       AND ($5::text IS NULL OR counties ? $5) AND ($6::text IS NULL OR outcome = $6) AND ($7::bigint IS NULL OR id < $7::bigint)
     ORDER BY audit_log.id DESC LIMIT $8`,
    [q.from, q.to, q.username ?? null, q.action ?? null, q.county ?? null, q.outcome ?? null, q.before ?? null, limit],
  );
  return rows.map(toRow);
}

/** The filter as it goes into the audit row of the read (no values beyond the filter itself). */
const filterDetail = (q: AuditQuery) => ({ from: q.from, to: q.to, ...(q.username ? { username: q.username } : {}), ...(q.action ? { action: q.action } : {}), ...(q.county ? { county: q.county } : {}), ...(q.outcome ? { outcome: q.outcome } : {}) });

const c = zhCN.audit.columns;
const HEADER = [c.at, c.username, c.role, c.device, c.address, c.action, c.object, c.counties, c.outcome, c.reason, c.detail, c.laptopAt];
const roleName = (role: string | null) => (role ? ((zhCN.account.roles as Record<string, string>)[role] ?? role) : '');
function csvOf(rows: readonly AuditRow[]): string {
  let text = UTF8_BOM + csvRow(HEADER);
  for (const r of rows)
    text += csvRow([
      r.at,
      r.username,
      roleName(r.role),
      r.deviceId,
      r.address,
      (zhCN.audit.actions as Record<string, string>)[r.action] ?? r.action,
      r.object,
      (r.counties ?? []).map((code) => countyName(code) || code).join('、'),
      zhCN.audit.outcomes[r.outcome],
      r.reason,
      Object.keys(r.detail).length ? JSON.stringify(r.detail) : '',
      r.laptopAt,
    ]);
  return text;
}

/**
 * The audit log's three doors: an auditor reads and exports it (both reads are audited
 * themselves); every signed-in laptop sends the events it recorded (exports, outside
 * backups, transfer files) — appended once each, by the event's own id.
 */
export function auditRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const auditorOnly = (request: FastifyRequest, reply: FastifyReply): Principal | null => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return null;
    if (principal.role !== 'auditor') {
      void sendError(reply, 403, 'FORBIDDEN', 'Only auditors read the audit log.', 'errors.FORBIDDEN');
      return null;
    }
    return principal;
  };
  const query = (request: FastifyRequest, reply: FastifyReply): AuditQuery | null => {
    const q = AuditQuery.safeParse(request.query);
    if (!q.success || Date.parse(q.data.to) <= Date.parse(q.data.from) || Date.parse(q.data.to) - Date.parse(q.data.from) > YEAR_MS) {
      void sendError(reply, 400, 'VALIDATION', 'from and to are times (ISO 8601) at most a year apart, from before to; action, county and outcome must be known values.', 'audit.rangeTooLong');
      return null;
    }
    return q.data;
  };

  app.get('/api/v1/audit', async (request, reply) => {
    if (!auditorOnly(request, reply)) return reply;
    const q = query(request, reply);
    if (!q) return reply;
    const rows = await readRows(deps.client, q, AUDIT_PAGE + 1);
    await auditAlone(deps.client, requestActor(request), { action: 'audit.read', detail: { ...filterDetail(q), rows: Math.min(rows.length, AUDIT_PAGE) } });
    return { protocol: PROTOCOL_VERSION, rows: rows.slice(0, AUDIT_PAGE), more: rows.length > AUDIT_PAGE };
  });

  app.get('/api/v1/audit/export', async (request, reply) => {
    if (!auditorOnly(request, reply)) return reply;
    const q = query(request, reply);
    if (!q) return reply;
    const rows = await readRows(deps.client, { ...q, before: undefined }, AUDIT_EXPORT_MAX + 1);
    if (rows.length > AUDIT_EXPORT_MAX) return sendError(reply, 422, 'TOO_MANY', `More than ${AUDIT_EXPORT_MAX} rows: export a shorter period.`, 'audit.tooMany');
    await auditAlone(deps.client, requestActor(request), { action: 'audit.exported', detail: { ...filterDetail(q), rows: rows.length } });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="audit.csv"`).send(csvOf(rows));
  });

  app.post('/api/v1/audit/events', { bodyLimit: 256 * 1024 }, async (request, reply) => {
    const principal = requirePrincipal(request, reply);
    if (!principal) return reply;
    const input = LaptopAuditRequest.safeParse(request.body);
    if (!input.success) return sendError(reply, 400, 'VALIDATION', `Not a valid batch of audit events: ${input.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const actor = requestActor(request);
    const ids = input.data.events.map((e) => e.id);
    const append = () => deps.client.transaction(async (tx) => {
      const known = new Set((await tx.query<{ id: string }>('SELECT laptop_event_id::text AS id FROM audit_log WHERE laptop_event_id = ANY($1::uuid[])', [ids])).rows.map((r) => r.id));
      for (const e of input.data.events) {
        if (known.has(e.id)) continue;
        known.add(e.id);
        await audit(tx, actor, { action: e.action, counties: e.counties, detail: e.detail, laptopEventId: e.id, laptopAt: e.at, object: typeof e.detail.fileName === 'string' ? e.detail.fileName : null });
      }
    });
    // The same events sent twice at once (a retry racing its original): the second finds them there.
    await append().catch((error: Error & { code?: string }) => (error.code === '23505' ? append() : Promise.reject(error)));
    return { protocol: PROTOCOL_VERSION, accepted: ids };
  });
}
