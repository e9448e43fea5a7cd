import { gunzipSync } from 'node:zlib';
import { RECEIPT_FORMAT, signBody, TransferFile, verifyBody, type ReceiptBody, type ReceiptFile } from '../shared/api/transfer';
import type { ServerDeps } from './context';
import { ingestVisits } from './routes/visits';
import { AttachmentError } from './store/attachment-store';

export class TransferError extends Error {}

/**
 * Imports a transfer file carried on a USB stick: checks its signature against the
 * device that made it, stores its visits exactly as a push would (so importing the
 * same file twice changes nothing), stores its attachments, and returns the signed
 * receipt to carry back to the laptop.
 */
export async function importTransfer(deps: ServerDeps, raw: Buffer): Promise<ReceiptFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8'));
  } catch {
    throw new TransferError('This is not a Xunlian transfer file (it cannot be read).');
  }
  const file = TransferFile.safeParse(parsed);
  if (!file.success) throw new TransferError('This is not a Xunlian transfer file (unexpected content).');
  const { signature, ...body } = file.data;
  const device = await deps.accounts.deviceForSigning(body.deviceId);
  if (!device) throw new TransferError('The laptop that made this file is unknown or signed out; it cannot be imported.');
  if (!(await verifyBody(body, signature, device.key))) throw new TransferError('The signature does not match: the file was changed or not made by this laptop. Nothing was imported.');

  const results = await ingestVisits(deps, body.visits, device.principal);
  const stored = new Set(results.filter((r) => r.status === 'created' || r.status === 'duplicate').map((r) => r.id));
  for (const a of body.attachments) {
    if (!stored.has(a.visitId)) continue;
    const bytes = Buffer.from(a.data, 'base64');
    try {
      const state = await deps.attachments.declare({ id: a.id, visitId: a.visitId, accountId: device.principal.accountId, fileName: a.fileName, size: a.size, sha256: a.sha256 });
      if (!state.complete) await deps.attachments.append(a.id, device.principal.accountId, state.received, bytes.subarray(state.received));
    } catch (error) {
      if (error instanceof AttachmentError) throw new TransferError(`Attachment ${a.fileName}: ${error.message}`);
      throw error;
    }
  }
  const receipt: ReceiptBody = { format: RECEIPT_FORMAT, version: 1, deviceId: body.deviceId, issuedAt: deps.now().toISOString(), results };
  return { ...receipt, signature: await signBody(receipt, device.key) };
}
