import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../shared/api/accounts';
import type { AuditRow } from '../../shared/api/audit';
import type { ExportOutcome } from '../../shared/api/contract';
import { expectOk, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';

interface Row {
  action: string;
  username: string | null;
  detail: Record<string, unknown> | string;
  laptop_at: Date | string | null;
}

/**
 * The laptop's side of the audit log (issue 28), with the real app and the real server: files
 * that leave an officer's laptop are recorded there, offline too, and reach the bureau's log with
 * the next sync, once each; an administrator manages accounts and an auditor reads and exports
 * the log from the app, each refused the other's screen.
 */
describe('the audit log from the laptops', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer('pglite', [
      { username: 'wang', counties: ['371502'] },
      { username: 'root', role: 'admin', counties: null },
      { username: 'audi', role: 'auditor', counties: null },
    ]);
  }, 120_000);
  afterAll(() => server?.close());

  const laptopRows = async () =>
    (await server.stores.client.query<Row>(`SELECT action, username, detail, laptop_at FROM audit_log WHERE laptop_event_id IS NOT NULL ORDER BY audit_log.id`)).rows.map((r) => ({ ...r, detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail }));

  it("an officer's exports reach the log with the next sync, once each, even when made offline", async () => {
    const app = testApp({ token: '' });
    try {
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      const csv = await expectOk<ExportOutcome>(app.dispatch('exports.visitsCsv', {}));
      expect(csv.status).toBe('saved');
      await expectOk(app.dispatch('exports.handbookXlsx', { countyCode: '371502', withContacts: true }));
      expect(app.db.prepare('SELECT COUNT(*) AS n FROM audit_outbox WHERE sent_at IS NULL').get()).toEqual({ n: 2 });
      await app.sync.syncNow();
      const rows = await laptopRows();
      expect(rows.map((r) => [r.action, r.username, r.detail.contacts])).toEqual([
        ['export.visitsCsv', 'wang', true],
        ['export.handbook', 'wang', true],
      ]);
      expect(rows[1]!.detail).toMatchObject({ fileName: 'export.csv', rows: 3 }); // the name the officer chose in the save dialog (the test's platform always saves here)
      expect(app.db.prepare('SELECT COUNT(*) AS n FROM audit_outbox WHERE sent_at IS NULL').get()).toEqual({ n: 0 });

      // The answer was lost (the laptop thinks nothing went): sent again, kept once.
      app.db.prepare('UPDATE audit_outbox SET sent_at = NULL').run();
      await app.sync.syncNow();
      expect(await laptopRows()).toHaveLength(2);
    } finally {
      await app.close();
    }

    // Offline: the export is recorded on the laptop and waits.
    const offline = testApp({ token: '', serverUrl: 'http://127.0.0.1:9' });
    try {
      await expectOk(offline.dispatch('diagnostics.export', {}));
      expect(offline.db.prepare(`SELECT action FROM audit_outbox WHERE sent_at IS NULL`).all()).toEqual([{ action: 'export.diagnostics' }]);
    } finally {
      await offline.close();
    }
  }, 120_000);

  it('an administrator manages accounts and an auditor reads and exports the log, each from the app, and not the other', async () => {
    const admin = testApp({ token: '' });
    const auditor = testApp({ token: '' });
    try {
      await expectOk(admin.dispatch('account.signIn', { serverUrl: server.url, username: 'root', password: 'correct horse 1' }));
      await expectOk(admin.dispatch('accounts.create', { username: 'zhou', displayName: '周', role: 'officer', counties: ['371521'], password: 'Spring-Rain-2026' }));
      // The server's rule comes back as the sentence to show.
      expect(await admin.dispatch('accounts.create', { username: 'zhou', displayName: '周', role: 'officer', counties: null, password: 'Spring-Rain-2026' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { server: 'accounts.rule.taken' } } });
      expect(await admin.dispatch('accounts.change', { username: 'zhou', request: { change: 'resetPassword', password: 'short' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { server: 'password.tooShort' } } });
      await expectOk(admin.dispatch('accounts.change', { username: 'zhou', request: { change: 'scope', counties: ['371502', '371521'] } }));
      const list = await expectOk<AccountSummary[]>(admin.dispatch('accounts.list', {}));
      expect(list.find((a) => a.username === 'zhou')).toMatchObject({ role: 'officer', counties: ['371502', '371521'], disabled: false, passwordChange: 'first', devices: [] });
      expect(list.find((a) => a.username === 'root')!.devices).toHaveLength(1);
      expect(await admin.dispatch('audit.query', { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      await expectOk(auditor.dispatch('account.signIn', { serverUrl: server.url, username: 'audi', password: 'correct horse 1' }));
      expect(await auditor.dispatch('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const from = new Date(Date.now() - 3600_000).toISOString();
      const to = new Date(Date.now() + 3600_000).toISOString();
      const page = await expectOk<{ rows: AuditRow[] }>(auditor.dispatch('audit.query', { from, to, action: 'account.scopeChanged' }));
      expect(page.rows).toEqual([expect.objectContaining({ username: 'root', object: 'zhou', outcome: 'done' })]);
      const exported = await expectOk<ExportOutcome>(auditor.dispatch('audit.exportCsv', { from, to, username: 'wang' }));
      expect(exported).toMatchObject({ status: 'saved', rows: 3 }); // wang's sign-in and two exports
      const path = (exported as { path: string }).path;
      expect(existsSync(path)).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain('导出企业服务手册');
      // The auditor's sync sends its own events and pulls no visits.
      await auditor.sync.syncNow();
      expect(auditor.db.prepare('SELECT COUNT(*) AS n FROM visits').get()).toEqual({ n: 0 });
      const audited = (await server.stores.client.query<{ action: string }>(`SELECT action FROM audit_log WHERE username = 'audi' ORDER BY audit_log.id`)).rows.map((r) => r.action);
      expect(audited).toEqual(['session.signIn', 'audit.read', 'audit.exported']); // the accounts screen was refused on the laptop: nothing went out
    } finally {
      await admin.close();
      await auditor.close();
    }
  }, 120_000);
  it("a contact's full phone number is shown on a deliberate click, which reaches the bureau's log (issue 32)", async () => {
    const app = testApp({ token: '' });
    try {
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      await app.sync.syncNow();
      const before = (await laptopRows()).length;
      expect(await expectOk(app.dispatch('firms.revealContact', { firmId: 'demo-01', index: 0 }))).toEqual({ phone: '0635-0000000' });
      // No such contact: refused, nothing recorded.
      expect((await app.dispatch('firms.revealContact', { firmId: 'demo-01', index: 7 })).ok).toBe(false);
      await app.sync.syncNow();
      const rows = (await laptopRows()).slice(before);
      expect(rows.map((r) => [r.action, r.username, r.detail.firm, r.detail.contact])).toEqual([['contact.revealed', 'wang', 'demo-01', 0]]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
