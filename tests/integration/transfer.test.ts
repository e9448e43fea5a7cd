import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/contract';
import type { ReceiptFile } from '../../shared/api/transfer';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { PROTOCOL_STORES, storeEnv } from '../fixtures/server-stores';
import { loadTransferKey, receiptKeyPath, transferKeyPath } from '../../server/receipt-key';
import { open as openSealed } from '../../shared/api/sealed-box';
import { deviceTokenOf, freePort, preparedServerData, serverAdmin, serverVisits, startCentralServer, tempDir } from '../fixtures/processes';

/** What the server's import reads of a sealed transfer file: only its transfer key opens it. */
async function unsealed(path: string, serverData: string, env: Record<string, string>): Promise<Buffer> {
  const serverEnv = { ...process.env, XUNLIAN_SERVER_DATA: serverData, ...env };
  const keys = await loadTransferKey(transferKeyPath(serverEnv, receiptKeyPath(serverEnv, serverData)));
  return Buffer.from(await openSealed(readFileSync(path), keys, 'transfer'));
}

describe.each(PROTOCOL_STORES)('no network at all: a signed transfer file and its receipt (%s)', (store) => {
  it('carries visits and attachments to the server and the receipt back; refuses tampering; imports once', async () => {
    const env = await storeEnv(store, join(tempDir('transfer-server'), 'data'));
    const serverData = preparedServerData([{ username: 'wang', county: '371502' }], 'correct horse 1', env);
    const port = await freePort();
    const serverUrl = `http://127.0.0.1:${port}`;
    const dataDir = tempDir('laptop');
    const exportPath = join(dataDir, 'transfer.xlt');
    const photo = join(dataDir, '证书.jpg');
    writeFileSync(photo, Buffer.alloc(50_000, 9));
    const app = testApp({ dataDir, serverUrl, token: '', platform: fixedPathPlatform(exportPath, [photo]) });
    try {
      // Signed in once, online, before the trip.
      let server = await startCentralServer({ port, dataDir: serverData, env });
      await expectOk(app.dispatch('account.signIn', { serverUrl, username: 'wang', password: 'correct horse 1' }));
      // Signed in, never synced: the laptop has no transfer key yet, and says what to do.
      expect(await app.dispatch('transfer.export', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { transfer: 'transfer.noServerKey' } } });
      await expectOk(app.dispatch('sync.now', {})); // the health answer brings the server's signed transfer key
      await server.stop();

      const ids: string[] = [];
      for (const firmId of ['demo-01', 'demo-02', 'demo-10']) {
        const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId, kind: 'diagnosis', answers: {} }));
        if (ids.length === 0) await expectOk(app.dispatch('attachments.pick', { visitId: id }));
        await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers() }));
        ids.push(id);
      }
      expect(await expectOk(app.dispatch('transfer.export', {}))).toMatchObject({ status: 'saved', rows: 3 });
      // Exporting does not mark anything synced.
      // (Five wait: the three visits, and the new certificate of demo-02 and of demo-10 from their diagnoses — firm changes.)
      expect((await expectOk<SyncStatus>(app.dispatch('sync.status', {}))).waiting).toBe(5);

      // Sealed to the server: no firm name, conclusion or photo is readable on the stick.
      const onStick = readFileSync(exportPath);
      for (const text of ['建议对接银行召开融资对接会', '流动资金紧张']) expect(onStick.includes(Buffer.from(text))).toBe(false);
      expect(onStick.includes(Buffer.from(Buffer.alloc(50_000, 9).toString('base64').slice(0, 64)))).toBe(false);
      // One byte changed on the way: refused before anything is read.
      const flipped = Buffer.from(onStick);
      const at = Math.floor(flipped.length / 2);
      flipped[at] = flipped[at]! ^ 0x01;
      const flippedPath = join(dataDir, 'flipped.xlt');
      writeFileSync(flippedPath, flipped);
      const damaged = serverAdmin(serverData, ['import-transfer', '--file', flippedPath], undefined, env);
      expect(damaged.status).toBe(1);
      expect(damaged.stderr).toContain('changed or damaged');

      // A tampered file is refused, and nothing is imported.
      const tampered = JSON.parse(gunzipSync(await unsealed(exportPath, serverData, env)).toString()) as { visits: { answers: { conclusion: string } }[] };
      tampered.visits[0]!.answers.conclusion = '篡改';
      const tamperedPath = join(dataDir, 'tampered.xlt');
      writeFileSync(tamperedPath, gzipSync(JSON.stringify(tampered)));
      const refused = serverAdmin(serverData, ['import-transfer', '--file', tamperedPath], undefined, env);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('signature does not match');

      const receiptPath = join(dataDir, 'receipt.xlr');
      const first = serverAdmin(serverData, ['import-transfer', '--file', exportPath, '--receipt', receiptPath], undefined, env);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('3 new');
      const second = serverAdmin(serverData, ['import-transfer', '--file', exportPath, '--receipt', join(dataDir, 'receipt2.xlr')], undefined, env);
      expect(second.stdout).toContain('0 new, 3 already here');

      server = await startCentralServer({ port, dataDir: serverData, env });
      const token = deviceTokenOf(dataDir);
      const held = await serverVisits(serverUrl, token);
      expect(held.total).toBe(3);
      expect(held.visits.every((v) => (v as unknown as { complete: boolean }).complete)).toBe(true);
      // The upload endpoint gives the same answer as the command line.
      const uploaded = await fetch(`${serverUrl}/api/v1/transfers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: readFileSync(exportPath) });
      expect(((await uploaded.json()) as ReceiptFile).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      const badUpload = await fetch(`${serverUrl}/api/v1/transfers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: readFileSync(tamperedPath) });
      expect(badUpload.status).toBe(422);
      await server.stop();

      // Back at the laptop: a forged receipt is refused; the real one marks the visits synced.
      const receipt = JSON.parse(readFileSync(receiptPath, 'utf8')) as ReceiptFile;
      const forged = { ...receipt, results: receipt.results.map((r) => ({ ...r, status: 'created' })), issuedAt: new Date().toISOString() };
      expect(await app.dispatch('transfer.importReceipt', { receipt: JSON.stringify(forged) })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { receipt: 'validation.receiptSignature' } } });
      expect(await expectOk(app.dispatch('transfer.importReceipt', { receipt: JSON.stringify(receipt) }))).toEqual({ synced: 3, attention: 0 });
      const status = await expectOk<SyncStatus>(app.dispatch('sync.status', {}));
      // The transfer file carries visits; the two firm changes (new certificates) wait for the network.
      expect(status.waiting).toBe(2);
      for (const id of ids) expect((await expectOk<{ syncState: string }>(app.dispatch('visits.get', { id }))).syncState).toBe('synced');
      expect(app.db.prepare('SELECT COUNT(*) FROM attachments WHERE uploaded = 0').pluck().get()).toBe(0);
    } finally {
      await app.close();
    }
  }, 180_000);
});
