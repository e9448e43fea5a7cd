import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushedVisit } from '../../shared/api/sync-protocol';
import { contentHash } from '../../shared/domain/canonical';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { archiveAudit } from '../../server/audit/audit-archive';
import { operatorActor } from '../../server/audit/audit-log';
import { verifyChain } from '../../server/audit/audit-verify';
import { fullAnswers } from '../fixtures/app';
import { serverAdmin, tempDir } from '../fixtures/processes';
import { openServerStores } from '../../server/store/open';
import { callJson, inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

const PASSWORD = 'correct horse 1';

interface LogRow {
  chain_no: string | null;
  action: string;
  username: string | null;
  role: string | null;
  outcome: string;
  reason: string | null;
  object: string | null;
  counties: string[] | string | null;
  detail: Record<string, unknown> | string;
  laptop_at: Date | string | null;
}

/**
 * The audit log (issue 28) against the real server on loopback: a scripted session across the
 * four roles produces exactly the expected rows; the database refuses to change or remove them;
 * the sealed chain names the first row changed, removed or inserted; and nothing secret is in it.
 */
describe.each(SERVER_STORES)('the audit log (%s)', (store) => {
  let server: InProcessServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'root', role: 'admin', counties: null },
      { username: 'audi', role: 'auditor', counties: null },
      { username: 'wang', counties: ['371502'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
    ]);
  }, 120_000);
  afterAll(() => server?.close());

  const call = (path: string, who: string | null, body?: unknown) => callJson(server.url, path, who ? tokens[who]! : null, body);
  const signIn = async (username: string, password = PASSWORD) => {
    const res = await call('/api/v1/session', null, { username, password, deviceName: `${username}-laptop` });
    if (res.status === 200) tokens[username] = res.body.token as string;
    return res.status;
  };
  const visit = async (firmId: string): Promise<PushedVisit> => {
    const body = { id: uuidv7(), revision: 1, firmId, kind: 'diagnosis' as const, officer: 'wang', completedAt: new Date().toISOString(), firm: { name: firmId, creditCode: '', countyCode: '371502' as const }, answers: fullAnswers() as Record<string, unknown>, attachments: [] };
    return { ...body, contentHash: await contentHash(body) };
  };
  const rows = async () =>
    (await server.stores.client.query<LogRow>('SELECT chain_no::text AS chain_no, action, username, role, outcome, reason, object, counties, detail, laptop_at FROM audit_log ORDER BY id')).rows.map((r) => ({
      ...r,
      detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
      counties: typeof r.counties === 'string' ? (JSON.parse(r.counties) as string[]) : r.counties,
    }));

  it('a scripted session of officer, supervisor, admin and auditor leaves exactly the expected rows', async () => {
    for (const who of ['wang', 'zhao', 'root', 'audi']) expect(await signIn(who)).toBe(200);
    expect(await signIn('wang', 'wrong password 1')).toBe(401);
    expect((await call('/api/v1/accounts', 'root', { username: 'li', displayName: '李', role: 'officer', counties: ['371521'], password: 'Spring-Rain-2026' })).status).toBe(200);
    expect((await call('/api/v1/accounts/li', 'root', { change: 'scope', counties: ['371502'] })).status).toBe(200);
    expect((await call('/api/v1/accounts/li', 'root', { change: 'disable' })).status).toBe(200);
    expect((await call('/api/v1/accounts/li', 'root', { change: 'enable' })).status).toBe(200);
    expect((await call('/api/v1/accounts/li', 'root', { change: 'resetPassword', password: 'Autumn-Leaf-2026' })).status).toBe(200);
    expect((await call('/api/v1/accounts/li', 'root', { change: 'role', role: 'supervisor' })).status).toBe(200);
    // The rules say no, and say why: an admin does not re-role themselves; an auditor stays one.
    expect(await call('/api/v1/accounts/root', 'root', { change: 'role', role: 'officer' })).toMatchObject({ status: 400, body: { error: { key: 'accounts.rule.notSelf' } } });
    expect(await call('/api/v1/accounts/audi', 'root', { change: 'role', role: 'admin' })).toMatchObject({ status: 400, body: { error: { key: 'accounts.rule.auditorFixed' } } });
    const pushed = await call('/api/v1/visits/batch', 'wang', { protocol: 1, visits: [await visit('demo-01'), await visit('demo-02')] });
    expect((pushed.body.results as { status: string }[]).map((r) => r.status)).toEqual(['created', 'created']);
    expect((await call('/api/v1/visits/changes?cursor=0', 'zhao')).status).toBe(200);
    const requested = await call('/api/v1/firms/demo-01/tier', 'wang', { field: 'keyTier', to: 'cultivated', reason: '产值下降' });
    expect(requested.status).toBe(200);
    const changeId = (requested.body.change as { id: string }).id;
    expect((await call(`/api/v1/firms/tier-changes/${changeId}/decide`, 'zhao', { accept: false, note: '产值仍达标' })).status).toBe(200);
    const exportEvent = { id: randomUUID(), at: '2026-12-06T08:00:00+08:00', action: 'export.visitsCsv', counties: ['371502'], detail: { rows: 2, contacts: false, fileName: '巡链走访记录-2026-12-06.csv' } };
    expect((await call('/api/v1/audit/events', 'wang', { events: [exportEvent] })).status).toBe(200);
    expect((await call('/api/v1/audit/events', 'wang', { events: [exportEvent] })).status).toBe(200); // sent again after a lost answer: kept once
    // Each role is refused what belongs to another, and the refusal is on the record.
    expect((await call('/api/v1/accounts', 'wang')).status).toBe(403);
    expect((await call('/api/v1/audit?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z', 'root')).status).toBe(403);
    expect((await call('/api/v1/accounts', 'audi')).status).toBe(403);
    expect((await call('/api/v1/visits?limit=1', 'audi')).status).toBe(403);
    expect((await call('/api/v1/account/password', 'wang', { currentPassword: PASSWORD, newPassword: 'Blue-River-2026x' })).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.wang}` } })).status).toBe(200);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const read = await call(`/api/v1/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&username=root`, 'audi');
    expect(read.status).toBe(200);
    expect((read.body.rows as { action: string }[]).map((r) => r.action), JSON.stringify(read.body.rows)).toEqual(['access.refused', 'account.roleChanged', 'account.roleChanged', 'account.roleChanged', 'password.reset', 'account.enabled', 'account.disabled', 'account.scopeChanged', 'account.created', 'session.signIn']);
    const csv = await fetch(`${server.url}/api/v1/audit/export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&action=export.visitsCsv`, { headers: { authorization: `Bearer ${tokens.audi}` } });
    expect(csv.status).toBe(200);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('时间,账号,角色')).toBe(true);
    expect(text).toContain('导出走访记录 CSV');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);

    const log = await rows();
    const expected: [string, string | null, string][] = [
      ['session.signIn', 'wang', 'done'],
      ['session.signIn', 'zhao', 'done'],
      ['session.signIn', 'root', 'done'],
      ['session.signIn', 'audi', 'done'],
      ['session.signInFailed', 'wang', 'refused'],
      ['account.created', 'root', 'done'],
      ['account.scopeChanged', 'root', 'done'],
      ['account.disabled', 'root', 'done'],
      ['account.enabled', 'root', 'done'],
      ['password.reset', 'root', 'done'],
      ['account.roleChanged', 'root', 'done'],
      ['account.roleChanged', 'root', 'refused'],
      ['account.roleChanged', 'root', 'refused'],
      ['visits.pushed', 'wang', 'done'],
      ['visits.pulled', 'zhao', 'done'],
      ['tier.requested', 'wang', 'done'],
      ['tier.decided', 'zhao', 'done'],
      ['export.visitsCsv', 'wang', 'done'],
      ['access.refused', 'wang', 'refused'],
      ['access.refused', 'root', 'refused'],
      ['access.refused', 'audi', 'refused'],
      ['access.refused', 'audi', 'refused'],
      ['password.changed', 'wang', 'done'],
      ['session.signOut', 'wang', 'done'],
      ['audit.read', 'audi', 'done'],
      ['audit.exported', 'audi', 'done'],
    ];
    expect(log.map((r) => [r.action, r.username, r.outcome])).toEqual(expected);
    // What each row says beyond its action: the subject, the counties, the counts — and the laptop's own time.
    expect(log[5]).toMatchObject({ object: 'li', counties: ['371521'], role: 'admin', detail: { role: 'officer' } });
    expect(log[6]).toMatchObject({ counties: ['371502', '371521'], detail: { from: ['371521'], to: ['371502'] } });
    expect(log[10]).toMatchObject({ detail: { from: 'officer', to: 'supervisor' } });
    expect(log[11]).toMatchObject({ object: 'root', reason: 'accounts.rule.notSelf' });
    expect(log[12]).toMatchObject({ object: 'audi', reason: 'accounts.rule.auditorFixed' });
    expect(log[13]).toMatchObject({ counties: ['371502'], detail: { via: 'push', records: 2, created: 2, rejected: 0 } });
    expect(log[16]).toMatchObject({ object: 'demo-01', detail: { accepted: false, field: 'keyTier' } });
    expect(log[17]).toMatchObject({ role: 'officer', detail: { contacts: false, rows: 2 }, object: '巡链走访记录-2026-12-06.csv' });
    expect(new Date(log[17]!.laptop_at!).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(log[20]).toMatchObject({ object: 'GET /api/v1/accounts', reason: 'FORBIDDEN' });

    // Nothing secret: no password typed, no token issued, no answer of a visit.
    const dump = JSON.stringify((await server.stores.client.query('SELECT * FROM audit_log')).rows);
    for (const secret of [PASSWORD, 'wrong password 1', 'Spring-Rain-2026', 'Autumn-Leaf-2026', 'Blue-River-2026x', ...Object.values(tokens), String((fullAnswers() as { conclusion: string }).conclusion)]) expect(dump).not.toContain(secret);
  }, 120_000);

  it('the database refuses to change, remove or empty the log, and the chain names the first row changed, removed or inserted', async () => {
    const db = server.stores.client;
    await server.stores.auditSealer.sealNow();
    const first = await verifyChain(db, server.stores.auditKey);
    expect(first, JSON.stringify(first)).toMatchObject({ ok: true, rows: 26, unsealed: 0 });
    await expect(db.query(`UPDATE audit_log SET username = 'nobody' WHERE chain_no = 3`)).rejects.toThrow(/cannot be changed/);
    await expect(db.query(`UPDATE audit_log SET chain_no = NULL, hash = NULL WHERE chain_no = 3`)).rejects.toThrow(/cannot be changed/);
    await expect(db.query(`DELETE FROM audit_log WHERE chain_no = 3`)).rejects.toThrow(/cannot be deleted/);
    await expect(db.transaction(async (tx) => {
      await tx.query(`SET LOCAL xunlian.audit_archive = 'on'`);
      await tx.query(`DELETE FROM audit_log WHERE chain_no = 3`); // young rows: not even the archive command removes them
    })).rejects.toThrow(/cannot be deleted/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/cannot be truncated/);

    // Someone with the database's keys switches the guard off and edits, removes, inserts.
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_edit');
    try {
      await db.query(`UPDATE audit_log SET outcome = 'done' WHERE chain_no = 5`);
      expect(await verifyChain(db, server.stores.auditKey)).toMatchObject({ ok: false, chainNo: '5', problem: 'changed' });
      await db.query(`UPDATE audit_log SET outcome = 'refused' WHERE chain_no = 5`);
      expect((await verifyChain(db, server.stores.auditKey)).ok).toBe(true);

      // Kept aside in the database itself (a copy through JavaScript would lose the microseconds of its time).
      await db.exec('CREATE TABLE audit_kept AS SELECT * FROM audit_log WHERE chain_no = 7');
      await db.query('DELETE FROM audit_log WHERE chain_no = 7');
      expect(await verifyChain(db, server.stores.auditKey)).toMatchObject({ ok: false, chainNo: '8', problem: 'removed' });
      await db.exec('INSERT INTO audit_log SELECT * FROM audit_kept; DROP TABLE audit_kept');
      expect((await verifyChain(db, server.stores.auditKey)).ok).toBe(true);

      // A row slipped in at the end, linked to the last one, with a seal of its own making (the key is not in the database).
      const last = (await db.query<{ chain_no: string; hash: string }>('SELECT chain_no::text AS chain_no, hash FROM audit_log ORDER BY audit_log.chain_no DESC LIMIT 1')).rows[0]!;
      const forged = createHash('sha256').update('forged').digest('hex');
      const next = (BigInt(last.chain_no) + 1n).toString();
      await db.query(`INSERT INTO audit_log (action, username, outcome, chain_no, prev_hash, hash) VALUES ('account.created', 'ghost', 'done', $1, $2, $3)`, [next, last.hash, forged]);
      const verdict = await verifyChain(db, server.stores.auditKey);
      expect(verdict).toMatchObject({ ok: false, chainNo: next, problem: 'changed' });
      expect(verdict.ok === false && verdict.message).toContain('ghost');
    } finally {
      await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_edit');
    }
  }, 120_000);
});

describe.each(SERVER_STORES)('archiving the audit log (%s)', (store) => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer(store, []);
  }, 120_000);
  afterAll(() => server?.close());

  it('moves rows past the retention period to a file, keeps a row naming them, and the chain still verifies', async () => {
    const db = server.stores.client;
    // A year of history: rows from 400 and 200 days ago, then today's.
    for (const days of [400, 300, 200]) await db.query(`INSERT INTO audit_log (at, action, username, outcome) VALUES (now() - make_interval(days => $1), 'session.signIn', 'old', 'done')`, [days]);
    await server.stores.auditSealer.sealNow();
    await db.query(`INSERT INTO audit_log (action, username, outcome) VALUES ('session.signIn', 'recent', 'done')`);
    await server.stores.auditSealer.sealNow();
    const out = join(tempDir('audit-archive'), 'audit-2025.jsonl');
    // The bureau keeps 250 days: the rows of 400 and 300 days ago go, the one of 200 days stays.
    const result = await archiveAudit(db, server.stores.auditKey, operatorActor(), { days: 250, out });
    expect(result).toMatchObject({ rows: 2, fromNo: '1', toNo: '2' });
    const file = readFileSync(out, 'utf8');
    expect(createHash('sha256').update(file).digest('hex')).toBe(result.sha256);
    expect(file.trim().split('\n')).toHaveLength(2);
    const left = (await db.query<{ username: string | null; action: string }>('SELECT username, action FROM audit_log ORDER BY id')).rows;
    expect(left.map((r) => r.action)).toEqual(['session.signIn', 'session.signIn', 'audit.archived']);
    await server.stores.auditSealer.sealNow();
    expect(await verifyChain(db, server.stores.auditKey)).toMatchObject({ ok: true, rows: 3 });
    // Archiving again finds nothing older than the period.
    expect((await archiveAudit(db, server.stores.auditKey, operatorActor(), { days: 250, out: `${out}.2` })).rows).toBe(0);
  }, 120_000);
});

describe('the audit log from the command line', () => {
  it('records what the operator does, lists accounts, and audit-verify names the row someone changed', async () => {
    const dataDir = join(tempDir('audit-cli'), 'data');
    const run = (args: string[], input?: string) => serverAdmin(dataDir, args, input);
    expect(run(['create-user', '--username', 'wang', '--role', 'officer', '--county', '371502'], 'Long-enough-2026\n').status).toBe(0);
    expect(run(['create-user', '--username', 'audi', '--role', 'auditor'], 'Long-enough-2026\n').status).toBe(0);
    expect(run(['disable-user', '--username', 'wang']).status).toBe(0);
    const refused = run(['set-role', '--username', 'audi', '--role', 'admin']);
    expect(refused).toMatchObject({ status: 1, stderr: expect.stringContaining('auditor account keeps its role') });
    const list = run(['list-users']);
    expect(list.stdout).toMatch(/wang\s+officer\s+371502\s+disabled first/);
    expect(list.stdout).toMatch(/audi\s+auditor\s+whole city/);
    const holds = run(['audit-verify']);
    expect(holds).toMatchObject({ status: 0, stdout: expect.stringContaining('holds: 3 sealed row(s)') });

    // Someone edits the log behind the server's back (guard switched off, as the database's owner can).
    const stores = await openServerStores({ XUNLIAN_SERVER_DATA: dataDir }, dataDir);
    try {
      const rows = (await stores.client.query<{ chain_no: string; action: string; username: string }>('SELECT chain_no::text AS chain_no, action, username FROM audit_log ORDER BY audit_log.chain_no')).rows;
      expect(rows.map((r) => r.action)).toEqual(['account.created', 'account.created', 'account.disabled']);
      expect(rows.every((r) => r.username.startsWith('cli:'))).toBe(true);
      await stores.client.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_edit');
      await stores.client.query(`UPDATE audit_log SET object = 'someone-else' WHERE chain_no = 2`);
      await stores.client.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_edit');
    } finally {
      await stores.client.close();
    }
    const tampered = run(['audit-verify']);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('#2');
    expect(tampered.stdout).toContain('does not match its seal');
  }, 120_000);
});
