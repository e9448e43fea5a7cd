import { openSqlite, type Sqlite } from '../../db/sqlite';
import { storeKeyOf } from '../fixtures/store-key';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupEntry, BackupInspection } from '../../shared/api/care';
import { getSetting, setSetting } from '../../db/repositories/settings';
import { DB_FILE } from '../../electron/services/app';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';

/**
 * A backup crafted by someone with a copy of the app (issue 23): it points the laptop at
 * another server, names files outside the data folder and carries triggers that would put
 * the address back after every sign-in. A restore brings back its data and nothing else.
 */
const SCHEMA = (db: Sqlite) => db.prepare(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all();
const OUR_SERVER = 'http://127.0.0.1:9';
const WANG = JSON.stringify({ username: 'wang', displayName: '王建国', role: 'officer', countyScope: ['371502'] });

describe('restoring a crafted backup', () => {
  it('keeps the laptop’s server, account and cursors, drops foreign triggers, views and tables, and never touches a file outside the folder', async () => {
    const app = testApp({ serverUrl: OUR_SERVER });
    const dataDir = app.dataDir;
    setSetting(app.db, 'serverUrl', OUR_SERVER);
    setSetting(app.db, 'account', WANG);
    setSetting(app.db, 'certificates.warningDays', '60');
    const { id: draft } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: fullAnswers({ conclusion: '备份里的草稿' }) }));
    const entry = await expectOk<BackupEntry>(app.dispatch('backup.now', {}));
    const schemaBefore = SCHEMA(app.db);
    await app.close();

    // The attacker's copy.
    const crafted = join(tempDir('crafted'), 'backup.db');
    writeFileSync(crafted, readFileSync(join(dataDir, 'backups', entry.name)));
    const evil = openSqlite(crafted, { key: storeKeyOf(dataDir) });
    evil.prepare(`UPDATE settings SET value = 'http://203.0.113.9:8787' WHERE key = 'serverUrl'`).run();
    evil.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('directory.cursor', '999999'), ('account', '{"username":"attacker","displayName":"x","role":"admin","countyScope":null}')`).run();
    evil.exec(`
      CREATE TRIGGER keep_address_i AFTER INSERT ON settings BEGIN UPDATE settings SET value = 'http://203.0.113.9:8787' WHERE key = 'serverUrl'; END;
      CREATE TRIGGER keep_address_u AFTER UPDATE ON settings BEGIN UPDATE settings SET value = 'http://203.0.113.9:8787' WHERE key = 'serverUrl' AND value <> 'http://203.0.113.9:8787'; END;
      CREATE VIEW loot AS SELECT * FROM firms;
      CREATE TABLE implant (x);
      CREATE INDEX firms_by_name_evil ON firms (name);
    `);
    const insertFile = evil.prepare(`INSERT INTO attachments (id, visit_id, file_name, stored_name, size, sha256, created_at) VALUES (?, ?, ?, ?, 10, 'x', 'now')`);
    insertFile.run('a-token', draft, 'token.txt', '../../device-token');
    insertFile.run('a-abs', draft, 'passwd.txt', '/etc/passwd');
    evil.close();
    const outside = join(dataDir, 'device-token');
    writeFileSync(outside, '{"token":"secret"}');

    const picking = testApp({ dataDir, serverUrl: OUR_SERVER, platform: fixedPathPlatform('/nonexistent'), pickBackupFile: async () => crafted });
    expect(await expectOk<BackupInspection>(picking.dispatch('backup.inspectFile', {}))).toMatchObject({ ok: true });
    expect(await expectOk(picking.dispatch('backup.restore', {}))).toEqual({ relaunching: false });
    await picking.close();

    const restored = testApp({ dataDir, serverUrl: OUR_SERVER });
    try {
      // The data came back…
      expect(restored.db.prepare('SELECT id FROM visits').pluck().all()).toEqual([draft]);
      expect(getSetting(restored.db, 'certificates.warningDays')).toBe('60');
      // …the configuration did not, and stays so after a sign-in writes settings.
      expect(getSetting(restored.db, 'serverUrl')).toBe(OUR_SERVER);
      expect(getSetting(restored.db, 'account')).toBe(WANG);
      expect(getSetting(restored.db, 'directory.cursor')).toBeNull();
      setSetting(restored.db, 'signedInAt', 'now');
      setSetting(restored.db, 'account', WANG);
      expect(getSetting(restored.db, 'serverUrl')).toBe(OUR_SERVER);
      expect(SCHEMA(restored.db)).toEqual(schemaBefore);

      // Paths from stored values are checked on every use.
      for (const id of ['a-token', 'a-abs']) {
        expect(await restored.dispatch('attachments.open', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
        expect(await expectOk(restored.dispatch('attachments.remove', { id }))).toEqual({ removed: true });
      }
      expect(readFileSync(outside, 'utf8')).toBe('{"token":"secret"}');
      expect(existsSync('/etc/passwd')).toBe(true);
    } finally {
      await restored.close();
    }
  });

  it('refuses a backup whose rows break the app’s own rules, replacing nothing', async () => {
    const app = testApp();
    const entry = await expectOk<BackupEntry>(app.dispatch('backup.now', {}));
    const crafted = join(tempDir('crafted'), 'backup.db');
    writeFileSync(crafted, readFileSync(join(app.dataDir, 'backups', entry.name)));
    await app.close();
    const evil = openSqlite(crafted, { key: storeKeyOf(app.dataDir) });
    // A visit of a firm that does not exist: the file's own schema was loosened to let it in.
    evil.pragma('foreign_keys = OFF');
    evil.prepare(`INSERT INTO visits (id, firm_id, kind, officer, status, answers, created_at, updated_at) VALUES ('0193a1b2-0000-7000-8000-000000000001', 'no-such-firm', 'patrol', 'o', 'draft', '{}', 'now', 'now')`).run();
    evil.close();
    const picking = testApp({ dataDir: app.dataDir, platform: fixedPathPlatform('/nonexistent'), pickBackupFile: async () => crafted });
    try {
      expect(await expectOk(picking.dispatch('backup.inspectFile', {}))).toEqual({ ok: false, problem: 'damaged' });
      expect(await expectOk(picking.dispatch('backup.list', {}))).toMatchObject({ restorePending: false });
    } finally {
      await picking.close();
    }
  });

  it('keeps the store, its backups and attachments user-only', async () => {
    const app = testApp();
    try {
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'patrol', answers: {} }));
      const file = join(tempDir('pick'), '证书.jpg');
      writeFileSync(file, 'jpeg bytes');
      const withFile = testApp({ dataDir: app.dataDir + '-f', platform: fixedPathPlatform('/nonexistent', [file]) });
      const { id: visit } = await expectOk<{ id: string }>(withFile.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'patrol', answers: {} }));
      await expectOk(withFile.dispatch('attachments.pick', { visitId: visit }));
      const storedName = withFile.db.prepare('SELECT stored_name FROM attachments WHERE visit_id = ?').pluck().get(visit) as string;
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(join(withFile.dataDir, 'attachments', visit, storedName))).toBe(0o600);
      expect(mode(join(withFile.dataDir, 'attachments', visit))).toBe(0o700);
      await withFile.close();
      expect(id).toBeTruthy();
      const entry = await expectOk<BackupEntry>(app.dispatch('backup.now', {}));
      expect(mode(join(app.dataDir, DB_FILE))).toBe(0o600);
      expect(mode(join(app.dataDir, 'backups', entry.name))).toBe(0o600);
    } finally {
      await app.close();
    }
  });
});
