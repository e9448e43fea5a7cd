import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app';
import { grantAppRole } from '../../server/audit/app-role';
import { auditAlone, operatorActor } from '../../server/audit/audit-log';
import { verifyChain } from '../../server/audit/audit-verify';
import { openServerStores, type ServerStores } from '../../server/store/open';
import { tempDir } from '../fixtures/processes';
import { callJson } from '../fixtures/server-in-process';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../fixtures/server-stores';

/**
 * On PostgreSQL the audit log's guard is also the database's own privileges: the server runs as
 * a role that does not own the tables (`server:admin grant-app-role`), which can read, append and
 * seal audit rows and nothing more — not even with the archive command's switch set.
 */
describe.skipIf(!TEST_DATABASE_URL)('the server as a role that does not own the audit log (PostgreSQL)', () => {
  let owner: ServerStores;
  let app: ServerStores;
  const role = `xunlian_app_${randomBytes(4).toString('hex')}`;
  const keyFile = join(tempDir('app-role'), 'receipt-key.json');

  beforeAll(async () => {
    const ownerUrl = await freshPostgresDatabase();
    owner = await openServerStores({ DATABASE_URL: ownerUrl, XUNLIAN_RECEIPT_KEY_FILE: keyFile }, tempDir('app-role-data'));
    await owner.client.exec(`CREATE ROLE ${role} LOGIN PASSWORD 'app-role-password'`);
    await grantAppRole(owner.client, role);
    await owner.accounts.create({ username: 'wang', displayName: '王', role: 'officer', countyScope: ['371502'], password: 'correct horse 1', mustChangePassword: false });
    const appUrl = new URL(ownerUrl);
    appUrl.username = role;
    appUrl.password = 'app-role-password';
    app = await openServerStores({ DATABASE_URL: appUrl.toString(), XUNLIAN_RECEIPT_KEY_FILE: keyFile }, tempDir('app-role-data'));
  }, 120_000);
  afterAll(async () => {
    await app?.client.close();
    await owner?.client.close();
  });

  it('works as the server (sign-in audited and sealed), and cannot change, remove or empty the log', async () => {
    const server = buildServer({ ...app });
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await callJson(url, '/api/v1/session', null, { username: 'wang', password: 'correct horse 1', deviceName: 'pc' })).status).toBe(200);
    } finally {
      await server.close();
    }
    await auditAlone(app.client, operatorActor(), { action: 'reference.changed' });
    await app.auditSealer.sealNow();
    expect(await verifyChain(app.client, app.auditKey)).toMatchObject({ ok: true, rows: 2, unsealed: 0 }); // the sign-in and the row above, sealed by the app's role
    await expect(app.client.query(`UPDATE audit_log SET username = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(app.client.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
    await expect(app.client.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
    await expect(
      app.client.transaction(async (tx) => {
        await tx.query(`SET LOCAL xunlian.audit_archive = 'on'`);
        await tx.query(`DELETE FROM audit_log WHERE at < now()`);
      }),
    ).rejects.toThrow(/permission denied/);
    // The owner keeps the guard of the trigger: a young row stays even for the owner.
    await expect(owner.client.query('DELETE FROM audit_log')).rejects.toThrow(/cannot be deleted/);
  }, 120_000);
});
