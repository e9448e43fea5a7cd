import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/open';
import { isPlainSqliteFile, openSqlite, type StoreAccess } from '../../db/sqlite';
import { demoFirms } from '../../db/demo/demo-firms';
import { upsertFirm } from '../../db/repositories/firms';
import { attachmentKey, isEncryptedAttachment, readAttachment } from '../../electron/services/encryption/attachment-cipher';
import { ENCRYPTED_MARKER } from '../../electron/services/encryption/encrypt-data-folder';
import { LOG_FILE } from '../../electron/services/app';
import { testApp } from '../fixtures/app';
import { ROOT, tempDir } from '../fixtures/processes';
import { testKeyring } from '../fixtures/store-key';

const ROUNDS = 8;
const FIRMS = 4000;
const PHOTOS = 24;

interface Template {
  dir: string;
  photos: Map<string, Buffer>;
}

/** A data folder as the version before encryption left it: a plain store with its WAL, plain backups, plain photos, a prepared restore. */
function plainDataFolder(): Template {
  const dir = join(tempDir('plain-template'), 'data');
  mkdirSync(dir, { recursive: true });
  const db = openDb(join(dir, 'xunlian.db'));
  const [template] = demoFirms('2026-11-01T00:00:00.000Z');
  db.transaction(() => {
    for (let i = 0; i < FIRMS; i++) upsertFirm(db, { ...template!, certifications: [], id: `firm-${i}`, creditCode: `91371502MA3P${String(i).padStart(5, '0')}X`, name: `明文时代第${i}号建材有限公司`, contacts: [{ name: `联系人${i}`, role: '总经理', phone: `1390535${String(i).padStart(4, '0')}` }] });
  })();
  mkdirSync(join(dir, 'backups'));
  db.prepare('VACUUM INTO ?').run(join(dir, 'backups', 'xunlian-20261101T000000.db'));
  db.prepare('VACUUM INTO ?').run(join(dir, 'backups', 'xunlian-manual-20261102T000000.db'));
  mkdirSync(join(dir, 'restore'));
  db.prepare('VACUUM INTO ?').run(join(dir, 'restore', 'candidate.db'));
  writeFileSync(join(dir, 'restore', 'pending.json'), '{}');
  // Rows written after the last checkpoint stay in the WAL: the migration must fold them in.
  db.pragma('wal_autocheckpoint = 0');
  upsertFirm(db, { ...template!, certifications: [], id: 'wal-firm', creditCode: '91371502MA3WAL0017', name: '只在WAL里的建材有限公司', contacts: [] });
  const photos = new Map<string, Buffer>();
  for (let i = 0; i < PHOTOS; i++) {
    const folder = join(dir, 'attachments', randomUUID());
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${randomUUID()}.bin`);
    const bytes = randomBytes(150_000);
    writeFileSync(path, bytes);
    photos.set(path.slice(dir.length), bytes);
  }
  // Copied while the connection is open, as a killed app would leave it (-wal beside the store).
  const copy = join(tempDir('plain-copy'), 'data');
  cpSync(dir, copy, { recursive: true });
  db.close();
  return { dir: copy, photos };
}

const firmCount = (db: ReturnType<typeof openSqlite>) => db.prepare("SELECT count(*) FROM firms WHERE id LIKE 'firm-%'").pluck().get() as number;

/** Runs the first start of the encrypting version; kills it `killAfterMs` after it started working (null: let it finish). */
function runMigration(dataDir: string, killAfterMs: number | null): Promise<{ finished: boolean; ms: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/fixtures/encrypt-worker.ts'), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let started = 0;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!started && out.includes('start')) {
        started = performance.now();
        if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      const finished = out.includes('done');
      if (!finished && signal !== 'SIGKILL') return fail(new Error(`migration exited ${String(code)}: ${err}`));
      done({ finished, ms: performance.now() - started });
    });
  });
}

/** Whatever moment the kill landed at, every file is whole: the plain original or its encrypted copy, with every row and byte. */
async function expectNothingLost(template: Template, dataDir: string, allEncrypted: boolean): Promise<void> {
  const key = testKeyring(dataDir).load();
  const stores = [join(dataDir, 'xunlian.db'), ...readdirSync(join(dataDir, 'backups')).filter((n) => n.endsWith('.db')).map((n) => join(dataDir, 'backups', n))];
  expect(stores).toHaveLength(3);
  for (const store of stores) {
    const plain = isPlainSqliteFile(store);
    if (allEncrypted) expect({ store, plain }).toEqual({ store, plain: false });
    // An encrypted file exists only once its key is kept.
    if (!plain) expect(key).not.toBeNull();
    const access: StoreAccess = plain || !key ? {} : { key };
    const db = openSqlite(store, access, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(firmCount(db)).toBe(FIRMS);
      if (store.endsWith('xunlian.db')) expect(db.prepare("SELECT name FROM firms WHERE id = 'wal-firm'").pluck().get()).toBe('只在WAL里的建材有限公司');
    } finally {
      db.close();
    }
  }
  for (const [relative, bytes] of template.photos) {
    const path = join(dataDir, relative);
    expect(existsSync(path)).toBe(true);
    if (isEncryptedAttachment(path)) {
      expect((await readAttachment(path, attachmentKey(key!))).equals(bytes)).toBe(true);
    } else {
      expect(allEncrypted).toBe(false);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
  }
}

describe('encrypting a plain data folder at the first start', () => {
  it(`loses nothing when killed at any moment (${ROUNDS} rounds), and finishes at the next start`, async () => {
    const template = plainDataFolder();
    // How long a whole migration takes here: the kills are spread over it.
    const timing = join(tempDir('timing'), 'data');
    cpSync(template.dir, timing, { recursive: true });
    const whole = await runMigration(timing, null);
    expect(whole.finished).toBe(true);
    await expectNothingLost(template, timing, true);
    let killedMidway = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const dataDir = join(tempDir(`migration-${round}`), 'data');
      cpSync(template.dir, dataDir, { recursive: true });
      const killed = await runMigration(dataDir, Math.floor(Math.random() * whole.ms));
      if (!killed.finished) killedMidway++;
      await expectNothingLost(template, dataDir, false);
      const resumed = await runMigration(dataDir, null);
      expect(resumed.finished).toBe(true);
      await expectNothingLost(template, dataDir, true);
      expect(existsSync(join(dataDir, ENCRYPTED_MARKER))).toBe(true);
      // The prepared restore was plain: dropped, not kept readable.
      expect(existsSync(join(dataDir, 'restore', 'candidate.db'))).toBe(false);
      expect(existsSync(join(dataDir, 'restore', 'pending.json'))).toBe(false);
      expect(readdirSync(join(dataDir)).filter((n) => n.includes('.encrypting'))).toEqual([]);
    }
    expect(killedMidway).toBeGreaterThan(ROUNDS / 2);
  }, 300_000);

  it('the app itself encrypts a plain folder when it starts, says so in its log, and opens it', async () => {
    const template = plainDataFolder();
    const app = testApp({ dataDir: template.dir, demoData: false });
    try {
      expect(app.db.prepare("SELECT count(*) FROM firms WHERE id LIKE 'firm-%'").pluck().get()).toBe(FIRMS);
    } finally {
      await app.close();
    }
    await expectNothingLost(template, template.dir, true);
    expect(readFileSync(join(template.dir, LOG_FILE), 'utf8')).toMatch(/encryption: encrypted the store true, 2 backups, 24 attachments; removed restore\/candidate\.db/);
    // Once every file was found encrypted, later starts skip the walk (and say nothing of it).
    expect(existsSync(join(template.dir, ENCRYPTED_MARKER))).toBe(true);
    await testApp({ dataDir: template.dir, demoData: false }).close();
    expect(readFileSync(join(template.dir, LOG_FILE), 'utf8').match(/encryption: encrypted/g)).toHaveLength(1);
  }, 120_000);
});
