import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, openSqlite } from '../../db/sqlite';
import { demoFirms } from '../../db/demo/demo-firms';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { PROTOCOL_STORES } from '../fixtures/server-stores';
import { storeKeyOf } from '../fixtures/store-key';

/** Every file under `dir`, however deep (the store, its -wal and -shm, backups, attachments, logs). */
function everyFile(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? everyFile(path) : [path];
  });
}

/** Where `needle` occurs in any file of the folder, as `grep -a` would find it. */
const filesContaining = (dir: string, needle: Buffer) => everyFile(dir).filter((path) => readFileSync(path).includes(needle));

const FIRM = '东昌府区加密测试绿色建材有限公司';
const MOBILE = '13905356789';

/**
 * A lost laptop gives away nothing: its data folder, searched byte by byte, holds no firm
 * name, no contact's mobile number and no photo's bytes, and no file in it is a plain SQLite
 * database; the store does not open without its key.
 */
describe('encryption at rest', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer(PROTOCOL_STORES[0]!, [{ username: 'wang', counties: ['371502'] }]);
    const [template] = demoFirms(new Date().toISOString());
    await server.stores.directory.upsertFirms([{ ...template!, id: 'enc-firm-1', creditCode: '91371502MA3ENC0017', name: FIRM, countyCode: '371502' as const, contacts: [{ name: '加密联系人', role: '总经理', phone: MOBILE }], certifications: [] }].map(({ updatedAt: _u, ...f }) => f));
  }, 120_000);
  afterAll(() => server?.close().catch(() => undefined));

  it('a data folder that synced the register, completed visits with photos, took a backup and wrote a transfer file holds no readable firm, phone or photo, nor does the file', async () => {
    const dataDir = tempDir('lost-laptop');
    const photo = join(tempDir('camera'), '营业执照.jpg');
    // A photo with a recognisable run of bytes (as a JPEG's would be) in random noise.
    const marker = Buffer.from('JFIF-xunlian-photo-marker-0123456789abcdef');
    const photoBytes = Buffer.concat([randomBytes(40_000), marker, randomBytes(40_000)]);
    writeFileSync(photo, photoBytes);
    const transferFile = join(tempDir('usb'), 'transfer.xlt');
    const app = testApp({ dataDir, serverUrl: server.url, token: '', platform: fixedPathPlatform(transferFile, [photo]) });
    try {
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      await expectOk(app.dispatch('sync.now', {})); // the register, with the firm above
      expect(app.db.prepare('SELECT name FROM firms WHERE id = ?').pluck().get('enc-firm-1')).toBe(FIRM);
      for (let i = 0; i < 2; i++) {
        const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'enc-firm-1', kind: 'diagnosis', answers: {} }));
        await expectOk(app.dispatch('attachments.pick', { visitId: id }));
        await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: `已与加密联系人（${MOBILE}）约定回访` }) }));
      }
      await expectOk(app.dispatch('sync.now', {}));
      await expectOk(app.dispatch('backup.now', {}));
      // One more visit completed with the server out of reach, carried on a USB stick instead.
      await server.app.close();
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'enc-firm-1', kind: 'diagnosis', answers: {} }));
      await expectOk(app.dispatch('attachments.pick', { visitId: id }));
      await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ conclusion: `U盘带回：加密联系人（${MOBILE}）` }) }));
      expect(await expectOk(app.dispatch('transfer.export', {}))).toMatchObject({ status: 'saved', rows: 1 });
      const stick = readFileSync(transferFile);
      for (const needle of [Buffer.from(FIRM), Buffer.from(MOBILE), marker, photoBytes.subarray(1000, 1064), Buffer.from(photoBytes.subarray(1000, 1064).toString('base64').slice(0, 40))]) expect(stick.includes(needle)).toBe(false);
      // The server got the photo's original bytes (the hash is of what the officer attached).
      const uploaded = app.db.prepare('SELECT id FROM attachments WHERE uploaded = 1').pluck().all() as string[];
      expect(uploaded).toHaveLength(2);
      const chunks: Buffer[] = [];
      for await (const chunk of server.stores.attachments.read(uploaded[0]!)) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(photoBytes)).toBe(true);

      // Searched while the app still runs (its -wal and -shm are there) and again after it closed.
      for (const moment of ['running', 'closed']) {
        if (moment === 'closed') await app.close();
        const files = everyFile(dataDir);
        expect(files.some((f) => f.endsWith('xunlian.db'))).toBe(true);
        expect(files.filter((f) => f.includes(`${join('backups', '')}`)).length).toBeGreaterThan(0);
        expect(files.filter((f) => f.includes(`${join('attachments', '')}`))).toHaveLength(3);
        if (moment === 'running') expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
        expect({ moment, files: filesContaining(dataDir, Buffer.from(FIRM)) }).toEqual({ moment, files: [] });
        expect({ moment, files: filesContaining(dataDir, Buffer.from(MOBILE)) }).toEqual({ moment, files: [] });
        expect({ moment, files: filesContaining(dataDir, marker) }).toEqual({ moment, files: [] });
        expect({ moment, files: filesContaining(dataDir, photoBytes.subarray(1000, 1064)) }).toEqual({ moment, files: [] });
        const plain = files.filter((f) => readFileSync(f).subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1')));
        expect({ moment, plain }).toEqual({ moment, plain: [] });
      }
    } finally {
      await app.close();
    }
    // Without the key SQLite sees no database; with it, everything is there.
    const store = join(dataDir, 'xunlian.db');
    const keyless = new Database(store, { readonly: true });
    expect(() => keyless.prepare('SELECT count(*) FROM firms').get()).toThrow(/not a database/);
    keyless.close();
    expect(() => openSqlite(store, { key: randomBytes(32) }, { readonly: true })).toThrow(/cannot be opened with this laptop's key/);
    const keyed = openSqlite(store, { key: storeKeyOf(dataDir) }, { readonly: true });
    expect(keyed.prepare("SELECT count(*) FROM visits WHERE status = 'completed'").pluck().get()).toBe(3);
    keyed.close();
    // The key is not in the data folder.
    expect(filesContaining(dataDir, Buffer.from(storeKeyOf(dataDir).toString('hex')))).toEqual([]);
  }, 120_000);
});
