import { openSqlite, type Sqlite } from '../../db/sqlite';
import { storeKeyOf, testKeyring } from '../fixtures/store-key';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../shared/api/contract';
import type { BackupEntry, BackupInspection } from '../../shared/api/care';
import { LATEST_VERSION } from '../../db/migrations';
import { dailyBackupIfDue, inspectStoreFile, KEEP_DAILY, listBackups, takeBackup } from '../../electron/services/backup';
import { LOG_FILE } from '../../electron/services/app';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';

const visitIds = (db: Sqlite) => (db.prepare('SELECT id FROM visits ORDER BY id').pluck().all() as string[]).join(',');

async function addDrafts(app: ReturnType<typeof testApp>, count: number, note = '草稿'): Promise<void> {
  for (let i = 0; i < count; i++) {
    await expectOk(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: fullAnswers({ conclusion: `${note} ${i}` }) }));
  }
}

describe('backups of the laptop store', () => {
  it('takes a whole, checkable backup while autosaves keep writing, and includes what was saved before it began', async () => {
    const app = testApp();
    try {
      await addDrafts(app, 400, '较长的诊断结论'.repeat(20)); // a store of many pages, so the backup runs in several steps
      const before = (app.db.prepare('SELECT COUNT(*) FROM visits').pluck().get() as number);
      let saving = true;
      let saved = 0;
      const autosaves = (async () => {
        while (saving) {
          await expectOk(app.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'patrol', answers: { visitDate: '2026-11-20', summary: `巡查 ${saved}` } }));
          saved++;
          await new Promise((r) => setImmediate(r));
        }
      })();
      const entry = await expectOk<BackupEntry>(app.dispatch('backup.now', {}));
      saving = false;
      await autosaves;
      expect(saved).toBeGreaterThan(0);
      const file = join(app.dataDir, 'backups', entry.name);
      const check = inspectStoreFile(file, { key: storeKeyOf(app.dataDir) });
      expect(check).toMatchObject({ ok: true, info: { version: LATEST_VERSION } });
      if (!check.ok) return;
      expect(check.info.visits).toBeGreaterThanOrEqual(before);
      expect(check.info.visits).toBeLessThanOrEqual(before + saved);
      expect(existsSync(`${file}-wal`)).toBe(false); // one self-contained file
      expect(readdirSync(join(app.dataDir, 'backups')).filter((n) => n.endsWith('.partial'))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('keeps one backup a day and only the last seven', async () => {
    const app = testApp();
    try {
      const start = Date.parse('2026-11-01T09:00:00Z');
      for (let hour = 0; hour < 24 * 10; hour += 6) await dailyBackupIfDue(app.db, app.dataDir, new Date(start + hour * 3600_000));
      const daily = listBackups(app.dataDir).filter((b) => b.kind === 'daily');
      expect(daily).toHaveLength(KEEP_DAILY);
      expect(daily.map((b) => b.takenAt.slice(0, 10))).toEqual(['2026-11-10', '2026-11-09', '2026-11-08', '2026-11-07', '2026-11-06', '2026-11-05', '2026-11-04']);
      // Backups taken on request are a kind of their own (the list tells them apart) and never push the daily ones out.
      expect((await expectOk<BackupEntry>(app.dispatch('backup.now', {}))).kind).toBe('manual');
      for (let i = 1; i <= 8; i++) await takeBackup(app.db, app.dataDir, new Date(start + (300 + i) * 3600_000), 'manual');
      expect(listBackups(app.dataDir).filter((b) => b.kind === 'daily')).toHaveLength(KEEP_DAILY);
      expect(listBackups(app.dataDir).filter((b) => b.kind === 'manual')).toHaveLength(KEEP_DAILY);
    } finally {
      await app.close();
    }
  });

  it('restores a backup at the next start and keeps the replaced store aside (round trip)', async () => {
    const first = testApp();
    const dataDir = first.dataDir;
    await addDrafts(first, 5, '备份前');
    const entry = await expectOk<BackupEntry>(first.dispatch('backup.now', {}));
    const atBackup = visitIds(first.db);
    await addDrafts(first, 3, '备份后');
    const beforeRestore = visitIds(first.db);

    const inspection = await expectOk<BackupInspection>(first.dispatch('backup.inspect', { name: entry.name }));
    expect(inspection).toMatchObject({ ok: true, info: { visits: 5 }, current: { visits: 8 } });
    expect(await expectOk(first.dispatch('backup.restore', {}))).toEqual({ relaunching: false });
    expect(visitIds(first.db)).toBe(beforeRestore); // the open store is never touched
    expect(await expectOk(first.dispatch('backup.list', {}))).toMatchObject({ restorePending: true });
    await first.close();

    const second = testApp({ dataDir });
    try {
      expect(visitIds(second.db)).toBe(atBackup);
      const aside = listBackups(dataDir).find((b) => b.kind === 'beforeRestore')!;
      const kept = openSqlite(join(dataDir, 'backups', aside.name), { key: storeKeyOf(dataDir) }, { readonly: true });
      expect(visitIds(kept)).toBe(beforeRestore);
      kept.close();
      expect(await expectOk(second.dispatch('backup.list', {}))).toMatchObject({ restorePending: false });
      expect(readFileSync(join(dataDir, LOG_FILE), 'utf8')).toContain(`the previous store is kept as backups/${aside.name}`);
    } finally {
      await second.close();
    }
  });

  it('refuses a newer, damaged or foreign file, and a restore nobody prepared, replacing nothing', async () => {
    const app = testApp();
    try {
      const entry = await expectOk<BackupEntry>(app.dispatch('backup.now', {}));
      const good = join(app.dataDir, 'backups', entry.name);
      const dir = tempDir('bad-backups');
      const newer = join(dir, 'newer.db');
      copyFileSync(good, newer);
      const db = openSqlite(newer, { key: storeKeyOf(app.dataDir) });
      db.pragma(`user_version = ${LATEST_VERSION + 1}`);
      db.close();
      const damaged = join(dir, 'damaged.db');
      const bytes = readFileSync(good);
      bytes.fill(0x5a, 4096 * 2, 4096 * 6); // pages in the middle overwritten
      writeFileSync(damaged, bytes);
      const text = join(dir, 'notes.db');
      writeFileSync(text, '这不是数据库 this is not a database '.repeat(200));
      const foreign = join(dir, 'foreign.db');
      const other = openSqlite(foreign, {});
      other.exec('CREATE TABLE t (x)');
      other.close();

      const cases: [string, string][] = [
        [newer, 'newer'],
        [damaged, 'damaged'],
        [text, 'notXunlian'],
        [foreign, 'notXunlian'],
        [good, 'otherKey'], // another laptop's backup: its key is not this laptop's
      ];
      const platform = fixedPathPlatform('/nonexistent');
      for (const [file, problem] of cases) {
        // The same laptop's key (its data folder restored anew), except for the other laptop's case.
        const keyring = problem === 'otherKey' ? {} : { keyring: testKeyring(app.dataDir) };
        const picking = testApp({ dataDir: app.dataDir + '-pick-' + problem, platform, pickBackupFile: async () => file, ...keyring });
        try {
          const before = visitIds(picking.db);
          expect(await expectOk(picking.dispatch('backup.inspectFile', {}))).toEqual({ ok: false, problem });
          expect(await picking.dispatch('backup.restore', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { backup: 'care.backup.problem.unreadable' } } });
          expect(visitIds(picking.db)).toBe(before);
          expect(await expectOk(picking.dispatch('backup.list', {}))).toMatchObject({ restorePending: false });
        } finally {
          await picking.close();
        }
      }
    } finally {
      await app.close();
    }
  });

  it('writes a backup to a folder encrypted with a passphrase the officer chose; a new laptop restores it with the passphrase and refuses a wrong one', async () => {
    const dir = tempDir('usb');
    const outside = join(dir, '巡链备份.db');
    const app = testApp({ platform: fixedPathPlatform(outside) });
    const passphrase = '聊城绿色建材-2026秋';
    try {
      await addDrafts(app, 2, '出发前');
      // A weak passphrase protects nothing: refused, nothing written.
      for (const [weak, why] of [['1234567', 'tooShort'], ['aaaaaaaaaaaa', 'weak'], ['password1', 'weak']] as const) {
        expect(await app.dispatch('backup.toFolder', { passphrase: weak })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { passphrase: `validation.passphrase.${why}` } } });
      }
      expect(existsSync(outside)).toBe(false);
      expect(await expectOk(app.dispatch('backup.toFolder', { passphrase }))).toMatchObject({ status: 'saved', rows: 2 });
      // Not this laptop's key, and not readable as a plain file: only the passphrase opens it.
      expect(inspectStoreFile(outside, { key: storeKeyOf(app.dataDir) })).toMatchObject({ ok: false, problem: 'otherKey' });
      expect(readFileSync(outside).includes(Buffer.from('出发前'))).toBe(false);
    } finally {
      await app.close();
    }
    // The laptop died: a new one, a fresh data folder and a key of its own.
    const fresh = testApp({ platform: fixedPathPlatform('/nonexistent'), pickBackupFile: async () => outside });
    try {
      expect(await expectOk(fresh.dispatch('backup.inspectFile', {}))).toEqual({ ok: false, problem: 'otherKey' });
      expect(await expectOk(fresh.dispatch('backup.inspectFile', { passphrase: '聊城绿色建材-2026春' }))).toEqual({ ok: false, problem: 'wrongPassphrase' });
      expect(await expectOk(fresh.dispatch('backup.list', {}))).toMatchObject({ restorePending: false });
      expect(await expectOk(fresh.dispatch('backup.inspectFile', { passphrase }))).toMatchObject({ ok: true, info: { visits: 2 } });
      expect(await expectOk(fresh.dispatch('backup.restore', {}))).toEqual({ relaunching: false });
    } finally {
      await fresh.close();
    }
    const restarted = testApp({ dataDir: fresh.dataDir });
    try {
      // By the text: ids made within one millisecond need not sort in the order they were made.
      const conclusions = restarted.db.prepare("SELECT json_extract(answers, '$.conclusion') FROM visits ORDER BY 1").pluck().all();
      expect(conclusions).toEqual(['出发前 0', '出发前 1']);
    } finally {
      await restarted.close();
    }
  });

});

describe('the demo profile', () => {
  it('holds the demo firms, refuses sign-in and transfer, and never sends anything', async () => {
    const app = testApp({ profile: 'demo', demoData: false, autoStartSync: true, token: '' });
    try {
      expect(await expectOk(app.dispatch('app.info', {}))).toMatchObject({ profile: 'demo', firstRun: false });
      expect((app.db.prepare('SELECT COUNT(*) FROM firms').pluck().get() as number)).toBeGreaterThan(10);
      expect(await app.dispatch('account.signIn', { serverUrl: 'http://127.0.0.1:9', username: 'wang', password: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await app.dispatch('transfer.export', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await expectOk(app.dispatch('updates.status', {}))).toMatchObject({ state: 'unavailable' });
    } finally {
      await app.close();
    }
  });

  it('a real profile without demo data starts empty and says it is a first run', async () => {
    const app = testApp({ demoData: false, token: '' });
    try {
      expect(await expectOk(app.dispatch('app.info', {}))).toMatchObject({ profile: 'real', firstRun: true });
    } finally {
      await app.close();
    }
  });
});

describe('diagnostics and the technical log', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer('pglite', [{ username: 'wang', counties: ['371502'] }]);
  });
  afterAll(() => server.close());

  it('export versions, outbox state and the integrity check, and never a password, token, key or answer', async () => {
    const password = 'correct horse 1';
    const secretAnswer = '机密回答：年度授信额度八千万';
    const diagnostics = join(tempDir('diag'), 'diagnostics.json');
    const app = testApp({ token: '', platform: fixedPathPlatform(diagnostics), appVersion: '9.8.7' });
    try {
      await expectOk<AccountStatus>(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password }));
      // A sign-in with a wrong password goes through the log path too.
      await app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'wrong horse 9' });
      await expectOk<AccountStatus>(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password }));
      const draft = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: fullAnswers({ conclusion: secretAnswer }) }));
      await expectOk(app.dispatch('visits.complete', { id: draft.id, answers: fullAnswers({ conclusion: secretAnswer }) }));
      await app.sync.syncNow();
      // A failing server: the engine logs what went wrong.
      await server.app.close();
      await app.sync.syncNow();
      await expectOk(app.dispatch('backup.now', {}));
      await expectOk(app.dispatch('diagnostics.export', {}));

      const secrets = JSON.parse(readFileSync(join(app.dataDir, 'device-token'), 'utf8')) as { token: string; signingKey: string };
      const report = readFileSync(diagnostics, 'utf8');
      const log = readFileSync(join(app.dataDir, LOG_FILE), 'utf8');
      expect(log).toMatch(/sync: attempt failed/);
      for (const text of [report, log]) {
        for (const secret of [password, 'wrong horse 9', secrets.token, secrets.signingKey, secretAnswer, '年度授信额度']) expect(text).not.toContain(secret);
      }
      const parsed = JSON.parse(report) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(parsed.app).toMatchObject({ version: '9.8.7', profile: 'real', schema: LATEST_VERSION });
      expect(parsed.store.integrityCheck).toBe('ok');
      expect(parsed.store.outbox.byState).toEqual([{ state: 'done', n: 1 }]);
      expect(parsed.account).toEqual({ username: 'wang', role: 'officer', countyScope: ['371502'] });
      expect(parsed.server.url).toBe(server.url);
      expect(parsed.backups).toHaveLength(1);
      expect(parsed.log.join('\n')).toContain('sync: attempt failed');
    } finally {
      await app.close();
    }
  });
});
