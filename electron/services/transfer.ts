import { readAttachment } from './encryption/attachment-cipher';
import { TRANSFER_KEY_SETTING } from './encryption/server-keys';
import { seal } from '../../shared/api/sealed-box';
import { getSetting } from '../../db/repositories/settings';
import { gzipSync } from 'node:zlib';
import type { ExportOutcome } from '../../shared/api/contract';
import { AppError } from '../../shared/api/errors';
import type { PushedVisit } from '../../shared/api/sync-protocol';
import { isOldFormat, MAX_TRANSFER_DECISIONS, ReceiptFile, signBody, TRANSFER_FORMAT, TRANSFER_VERSION, verifyBody, type TransferBody } from '../../shared/api/transfer';
import { pendingDecisions, recordDecisionResults } from '../../db/repositories/decision-outbox';
import type { AttachmentRow } from '../../db/repositories/attachments';
import type { OutboxItem } from '../../db/repositories/outbox';
import { attachmentFile } from '../../db/stored-path';
import { applyResults } from '../sync/results';
import type { AccountService } from './account';
import { writeFileAtomically } from './atomic-file';
import { deliverRecorded } from './audit/audited-export';
import type { ServiceContext } from './context';

function signer(accounts: AccountService): { deviceId: string; privateKey: string; serverPublicKey: string } {
  const signing = accounts.signing();
  if (!signing) throw new AppError('UNAUTHORIZED', 'Sign in once (online) before carrying visits on a USB stick: the file is signed with this laptop’s own key, made at sign-in.');
  return signing;
}

function pendingItems(ctx: ServiceContext): OutboxItem[] {
  return ctx.db
    .prepare(`SELECT id, visit_id AS visitId, revision, payload, content_hash AS contentHash, attempts FROM outbox WHERE state = 'pending' ORDER BY id`)
    .all() as OutboxItem[];
}

/**
 * Writes every completed, unsynced visit (with its attachments) and every queued decision
 * into one signed transfer file, for a USB stick when there is no network at all. They stay
 * queued: only the server's receipt (or the next online sync) marks them sent.
 */
export async function exportTransfer(ctx: ServiceContext, accounts: AccountService): Promise<ExportOutcome> {
  const { deviceId, privateKey } = signer(accounts);
  // Sealed to the server's transfer key: a lost stick shows nothing. Learned at the first sync after sign-in.
  const transferKey = getSetting(ctx.db, TRANSFER_KEY_SETTING);
  if (!transferKey) throw new AppError('VALIDATION', 'Sync once while online: the transfer file is encrypted to the server’s key, which this laptop has not received yet.', { transfer: 'transfer.noServerKey' });
  const items = pendingItems(ctx);
  // A supervisor's decisions travel on the stick too (they push no visits).
  const decisions = pendingDecisions(ctx.db, MAX_TRANSFER_DECISIONS);
  if (items.length === 0 && decisions.length === 0) throw new AppError('NOT_FOUND', 'No completed visit or decision is waiting to be synced.');
  const visits = items.map((i) => JSON.parse(i.payload) as PushedVisit);
  const wanted = new Set(visits.flatMap((v) => v.attachments.map((a) => a.id)));
  const rows = ctx.db.prepare(`SELECT id, visit_id AS visitId, file_name AS fileName, stored_name AS storedName, size, sha256, created_at AS createdAt FROM attachments`).all() as AttachmentRow[];
  const attachments = await Promise.all(
    rows
      .filter((r) => wanted.has(r.id))
      .map(async (r) => ({ id: r.id, visitId: r.visitId, fileName: r.fileName, size: r.size, sha256: r.sha256, data: (await readAttachment(attachmentFile(ctx.attachmentsDir, r.visitId, r.storedName), ctx.attachmentKey)).toString('base64') })),
  );
  const body: TransferBody = { format: TRANSFER_FORMAT, version: TRANSFER_VERSION, deviceId, createdAt: ctx.now().toISOString(), visits, attachments, ...(decisions.length ? { decisions } : {}) };
  const file = await seal(gzipSync(JSON.stringify({ ...body, signature: await signBody(body, privateKey) })), transferKey, 'transfer');
  const stamp = ctx.now().toISOString().slice(0, 10);
  const records = visits.length + decisions.length;
  return deliverRecorded(ctx, 'transfer.exported', { contacts: true, detail: { visits: visits.length, attachments: attachments.length } }, `巡链传输-${stamp}-${records}条.xlt`, async (path) => {
    await writeFileAtomically(path, async (write) => write(file));
    return records;
  });
}

/** Reads the receipt the server wrote for a transfer file and marks what it confirms. */
export async function importReceipt(ctx: ServiceContext, accounts: AccountService, text: string): Promise<{ synced: number; attention: number }> {
  const { deviceId, serverPublicKey } = signer(accounts);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'This is not a Xunlian receipt.', { receipt: 'validation.notReceipt' });
  }
  if (isOldFormat(json)) throw new AppError('VALIDATION', 'This receipt was made for a transfer file of an earlier version; export the file again and import it on the server.', { receipt: 'validation.oldTransferFormat' });
  const receipt = ReceiptFile.safeParse(json);
  if (!receipt.success) throw new AppError('VALIDATION', 'This is not a Xunlian receipt.', { receipt: 'validation.notReceipt' });
  const { signature, ...body } = receipt.data;
  // Signed by the server's own key, learned at sign-in: nothing the server stores could forge it.
  if (body.deviceId !== deviceId || !(await verifyBody(body, signature, serverPublicKey))) {
    throw new AppError('VALIDATION', 'The receipt was not issued for this laptop, or it was changed.', { receipt: 'validation.receiptSignature' });
  }
  const { synced } = applyResults(ctx.db, pendingItems(ctx), body.results, ctx.now().toISOString());
  // The server stored the files that came inside the transfer file: nothing left to upload for these visits.
  const mark = ctx.db.prepare('UPDATE attachments SET uploaded = 1, uploaded_bytes = size WHERE visit_id = ?');
  ctx.db.transaction(() => synced.forEach((id) => mark.run(id)))();
  ctx.events.emit('visits.changed', { ids: synced });
  // The answers to the decisions the file carried (only those still waiting here are marked).
  const sent = new Set(pendingDecisions(ctx.db, MAX_TRANSFER_DECISIONS).map((d) => d.id));
  const answered = (body.decisions ?? []).filter((r) => sent.has(r.id));
  recordDecisionResults(ctx.db, answered, ctx.now());
  const attention = body.results.filter((r) => r.status === 'conflict' || r.status === 'rejected').length + answered.filter((r) => r.status === 'rejected').length;
  return { synced: synced.length + answered.filter((r) => r.status !== 'rejected').length, attention };
}
