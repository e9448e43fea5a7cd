import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openServerStores } from '../../server/store/open';
import { auditAlone, operatorActor } from '../../server/audit/audit-log';
import { verifyChain } from '../../server/audit/audit-verify';
import { receiptKeyPath } from '../../server/receipt-key';
import { placedAsIs } from '../bench/server-ingest.bench';
import { serverAdmin, tempDir } from '../fixtures/processes';
import { SERVER_STORES, storeEnv } from '../fixtures/server-stores';
import { pushedVisit } from '../security/visits';

/** The audit log's actions in chain order, and whether the chain verifies with the store's seal key. */
async function auditTrail(env: Record<string, string>): Promise<{ actions: string[]; verdict: Awaited<ReturnType<typeof verifyChain>> }> {
  const stores = await openServerStores(env, env.XUNLIAN_SERVER_DATA ?? tempDir('unused'));
  try {
    await stores.auditSealer.sealNow();
    const { rows } = await stores.client.query<{ action: string }>('SELECT action FROM audit_log ORDER BY audit_log.chain_no');
    return { actions: rows.map((r) => r.action), verdict: await verifyChain(stores.client, stores.auditKey) };
  } finally {
    await stores.client.close();
  }
}

/** Every row of every table, as JSON (bytea as hex), sorted: two stores are equal when these are. */
async function snapshot(env: Record<string, string>): Promise<Record<string, string[]>> {
  const stores = await openServerStores(env, env.XUNLIAN_SERVER_DATA ?? tempDir('unused'));
  try {
    const { rows } = await stores.client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
    const result: Record<string, string[]> = {};
    for (const { table_name } of rows) {
      if (table_name === 'audit_log') continue; // compared on its own (auditTrail): a backup and a restore each add their row
      const { rows: data } = await stores.client.query<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM "${table_name}" t`);
      result[table_name] = data.map((d) => JSON.stringify(d.row)).sort();
    }
    return result;
  } finally {
    await stores.client.close();
  }
}

describe.each(SERVER_STORES)('server backup and restore (%s)', (kind) => {
  it('round-trips every table and every attachment byte; encrypted; refuses a wrong passphrase or a changed byte', async () => {
    const source = await storeEnv(kind, join(tempDir('backup-src'), 'data'));
    const stores = await openServerStores(source, source.XUNLIAN_SERVER_DATA ?? tempDir('unused'));
    const photo = randomBytes(1_300_000);
    const attachmentId = randomUUID();
    try {
      await stores.accounts.create({ username: 'wang_backup', displayName: '王备份', role: 'officer', countyScope: ['371502'], password: 'correct horse 1', mustChangePassword: false });
      const visit = await pushedVisit('demo-01', '371502');
      await stores.visits.insertMany([placedAsIs(visit)], 'dev');
      await stores.attachments.declare({ id: attachmentId, visitId: visit.id, accountId: 'dev', fileName: '证书.jpg', size: photo.length, sha256: createHash('sha256').update(photo).digest('hex') });
      for (let at = 0; at < photo.length; at += 262_144) await stores.attachments.append(attachmentId, 'dev', at, photo.subarray(at, at + 262_144));
      await auditAlone(stores.client, operatorActor(), { action: 'reference.changed' });
    } finally {
      await stores.client.close();
    }
    const before = await snapshot(source);
    expect(before.attachment_chunks!.length).toBe(5);

    const dir = tempDir('backup-files');
    const passphraseFile = join(dir, 'passphrase.txt');
    writeFileSync(passphraseFile, '长城长 long passphrase 2026\n');
    const file = join(dir, 'xunlian.backup');
    const made = serverAdmin(source.XUNLIAN_SERVER_DATA ?? dir, ['backup', '--out', file, '--passphrase-file', passphraseFile], undefined, source);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('encrypted');
    const sealed = readFileSync(file);
    expect(sealed.includes(Buffer.from('wang_backup'))).toBe(false); // nothing readable without the passphrase

    const target = await storeEnv(kind, join(tempDir('backup-dst'), 'data'));
    const targetDir = target.XUNLIAN_SERVER_DATA ?? dir;
    const wrong = join(dir, 'wrong.txt');
    writeFileSync(wrong, 'not the passphrase\n');
    const refused = serverAdmin(targetDir, ['restore', '--file', file, '--passphrase-file', wrong], undefined, target);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Wrong passphrase/);
    const changed = join(dir, 'changed.backup');
    const tampered = Buffer.from(sealed);
    tampered[Math.floor(tampered.length / 2)]! ^= 0x01;
    writeFileSync(changed, tampered);
    expect(serverAdmin(targetDir, ['restore', '--file', changed, '--passphrase-file', passphraseFile], undefined, target).status).toBe(1);
    // An unencrypted dump (anyone can write one) is refused where a passphrase is configured.
    const plainFile = join(dir, 'plain.backup');
    expect(serverAdmin(source.XUNLIAN_SERVER_DATA ?? dir, ['backup', '--out', plainFile], undefined, source).status).toBe(0);
    const plain = serverAdmin(targetDir, ['restore', '--file', plainFile], undefined, { ...target, XUNLIAN_BACKUP_PASSPHRASE: '长城长 long passphrase 2026' });
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(/not encrypted, but a passphrase is configured/);

    // A whole restore brings the receipt key file back too (kept apart from the database backup): the audit log's seals need it.
    copyFileSync(receiptKeyPath(source, source.XUNLIAN_SERVER_DATA ?? 'unused'), receiptKeyPath(target, targetDir));
    const restored = serverAdmin(targetDir, ['restore', '--file', file, '--passphrase-file', passphraseFile], undefined, target);
    expect(restored.status, restored.stderr).toBe(0);
    const after = await snapshot(target);
    expect(after).toEqual(before);
    // The restored log carries on: the row from before the backup, then one saying what was restored, one chain.
    expect(await auditTrail(target)).toMatchObject({ actions: ['reference.changed', 'server.restore'], verdict: { ok: true, rows: 2 } });
    expect((await auditTrail(source)).actions).toEqual(['reference.changed', 'server.backup', 'server.backup']); // the plain backup too

    const back = await openServerStores(target, targetDir);
    try {
      const bytes: Buffer[] = [];
      for await (const chunk of back.attachments.read(attachmentId)) bytes.push(chunk);
      expect(Buffer.concat(bytes).equals(photo)).toBe(true);
      expect(await back.accounts.signIn('wang_backup', 'correct horse 1', 'after restore', null)).not.toBeNull();
    } finally {
      await back.client.close();
    }
  }, 180_000);
  it('restores into a store in use: refused before anything is touched, then replaces it and (PGlite) keeps the old folder aside', async () => {
    const source = await storeEnv(kind, join(tempDir('backup-src2'), 'data'));
    const target = await storeEnv(kind, join(tempDir('backup-dst2'), 'data'));
    for (const [env, username] of [[source, 'from_backup'], [target, 'in_use']] as const) {
      const stores = await openServerStores(env, env.XUNLIAN_SERVER_DATA ?? tempDir('unused'));
      try {
        await stores.accounts.create({ username, displayName: username, role: 'officer', countyScope: ['371502'], password: 'correct horse 1', mustChangePassword: false });
        await stores.visits.insertMany([placedAsIs(await pushedVisit('demo-01', '371502'))], 'dev');
      } finally {
        await stores.client.close();
      }
    }
    const dir = tempDir('backup-files2');
    const passphraseFile = join(dir, 'passphrase.txt');
    writeFileSync(passphraseFile, 'another long passphrase 2026\n');
    const file = join(dir, 'xunlian.backup');
    const sourceDir = source.XUNLIAN_SERVER_DATA ?? dir;
    const targetDir = target.XUNLIAN_SERVER_DATA ?? dir;
    expect(serverAdmin(sourceDir, ['backup', '--out', file, '--passphrase-file', passphraseFile], undefined, source).status).toBe(0);
    const fromSource = await snapshot(source);
    const inUse = await snapshot(target);

    // Refused (wrong passphrase, a changed byte): the store in use is exactly as it was.
    const wrong = join(dir, 'wrong.txt');
    writeFileSync(wrong, 'not it\n');
    expect(serverAdmin(targetDir, ['restore', '--file', file, '--passphrase-file', wrong], undefined, target).status).toBe(1);
    const changed = join(dir, 'changed.backup');
    const bytes = readFileSync(file);
    bytes[bytes.length - 40]! ^= 0x01;
    writeFileSync(changed, bytes);
    expect(serverAdmin(targetDir, ['restore', '--file', changed, '--passphrase-file', passphraseFile], undefined, target).status).toBe(1);
    expect(await snapshot(target)).toEqual(inUse);

    const restored = serverAdmin(targetDir, ['restore', '--file', file, '--passphrase-file', passphraseFile], undefined, target);
    expect(restored.status, restored.stderr).toBe(0);
    expect(await snapshot(target)).toEqual(fromSource);
    if (kind === 'pglite') {
      // The replaced folder is kept, whole, beside the restored one.
      const aside = readdirSync(join(targetDir, '..')).filter((name) => name.startsWith(`${basename(targetDir)}.before-restore-`));
      expect(aside).toHaveLength(1);
      expect(await snapshot({ XUNLIAN_SERVER_DATA: join(targetDir, '..', aside[0]!) })).toEqual(inUse);
    }
  }, 180_000);
});
