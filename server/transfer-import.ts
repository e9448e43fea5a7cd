import { gunzipSync } from 'node:zlib';
import { isSealed, open, SealedBoxError } from '../shared/api/sealed-box';
import { isOldFormat, RECEIPT_FORMAT, signBody, TRANSFER_VERSION, TransferFile, verifyBody, type ReceiptBody, type ReceiptFile } from '../shared/api/transfer';
import type { ServerDeps } from './context';
import { authorizeAttachment } from './routes/attachments';
import { ingestVisits } from './routes/visits';
import { actorOf, auditAlone, operatorActor, type AuditActor } from './audit/audit-log';
import { applyDecisions } from './decisions/apply-decisions';
import { AttachmentError } from './store/attachment-store';

export class TransferError extends Error {
  constructor(
    message: string,
    readonly status = 422,
    readonly code = 'TRANSFER_REFUSED',
  ) {
    super(message);
  }
}

/** The largest transfer file accepted (as uploaded). */
export const TRANSFER_UPLOAD_LIMIT = 300 * 1024 * 1024;

/**
 * How far a transfer file may inflate: photos barely compress, JSON about tenfold,
 * so ten times its size (plus room for a small file) is plenty for a real file and
 * stops a gzip bomb early.
 */
export function inflateCap(compressedBytes: number): number {
  return Math.min(compressedBytes * 10 + 16 * 1024 * 1024, 1024 * 1024 * 1024);
}

function readFile(raw: Buffer): unknown {
  let text: Buffer;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      text = gunzipSync(raw, { maxOutputLength: inflateCap(raw.length) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TransferError('The transfer file unpacks to far more than a real one would; it was not imported.', 413, 'TOO_LARGE');
      throw new TransferError('This is not a Xunlian transfer file (it cannot be read).');
    }
  } else text = raw;
  try {
    return JSON.parse(text.toString('utf8'));
  } catch {
    throw new TransferError('This is not a Xunlian transfer file (it cannot be read).');
  }
}

/**
 * A file sealed to this server's transfer key (laptops of this version seal every file: a lost
 * stick shows nothing) is opened first; one byte changed, or a file sealed for another server,
 * is refused. Files of laptops from before sealing are read as they are (they are signed).
 */
async function unseal(deps: ServerDeps, raw: Buffer): Promise<Buffer> {
  if (!isSealed(raw)) return raw;
  try {
    return Buffer.from(await open(raw, deps.transferKey, 'transfer'));
  } catch (error) {
    if (error instanceof SealedBoxError) throw new TransferError('The transfer file was changed or damaged on its way, or sealed for another server; it was not imported. Export it again on the laptop.');
    throw error;
  }
}

/**
 * Imports a transfer file carried on a USB stick: checks its Ed25519 signature
 * against the public key of the device that made it, stores its visits exactly as a
 * push would (same authorization, so importing the same file twice changes nothing
 * and a supervisor's visits are refused), applies a supervisor's queued decisions as
 * their push would (each once), stores its attachments, and returns the receipt signed
 * with the server's own key.
 */
export async function importTransfer(deps: ServerDeps, raw: Buffer, uploader: AuditActor = operatorActor()): Promise<ReceiptFile> {
  const parsed = readFile(await unseal(deps, raw));
  if (isOldFormat(parsed)) throw new TransferError('This transfer file was made by an earlier version of Xunlian, which signed files differently. Update the laptop, sign in once, and export the file again.');
  const file = TransferFile.safeParse(parsed);
  if (!file.success) throw new TransferError('This is not a Xunlian transfer file (unexpected content).');
  const { signature, ...body } = file.data;
  const device = await deps.accounts.deviceForSigning(body.deviceId);
  if (!device) throw new TransferError('The laptop that made this file is unknown or signed out; it cannot be imported.');
  if (!device.publicKey) throw new TransferError('The laptop that made this file signed in with an earlier version; sign in again on it and export the file again.');
  if (!(await verifyBody(body, signature, device.publicKey))) throw new TransferError('The signature does not match: the file was changed or not made by this laptop. Nothing was imported.');

  // A supervisor's file carries decisions only: visits are ingested when there are any (a supervisor's are refused whole).
  const results = body.visits.length ? await ingestVisits(deps, body.visits, device.principal, 'transfer') : [];
  const decisions = body.decisions?.length ? await applyDecisions(deps.client, device.principal, actorOf(device.principal, body.deviceId), body.decisions) : undefined;
  await deps.accounts.touchDevice(body.deviceId);
  const stored = new Set(results.filter((r) => r.status === 'created' || r.status === 'duplicate').map((r) => r.id));
  for (const a of body.attachments) {
    if (!stored.has(a.visitId)) continue;
    const bytes = Buffer.from(a.data, 'base64');
    try {
      await authorizeAttachment(deps, device.principal, a.visitId);
      const state = await deps.attachments.declare({ id: a.id, visitId: a.visitId, accountId: device.principal.accountId, fileName: a.fileName, size: a.size, sha256: a.sha256 });
      if (!state.complete) await deps.attachments.append(a.id, device.principal.accountId, state.received, bytes.subarray(state.received));
    } catch (error) {
      if (error instanceof AttachmentError) throw new TransferError(`Attachment ${a.fileName}: ${error.message}`);
      throw error;
    }
  }
  // Who carried the file in, and whose it was: the visits' own row (visits.pushed, via transfer) names the laptop's account.
  await auditAlone(deps.client, uploader, { action: 'transfer.imported', object: device.principal.username, counties: device.principal.countyScope, detail: { deviceId: body.deviceId, records: body.visits.length, attachments: body.attachments.length, decisions: body.decisions?.length ?? 0 } });
  const receipt: ReceiptBody = { format: RECEIPT_FORMAT, version: TRANSFER_VERSION, deviceId: body.deviceId, issuedAt: deps.now().toISOString(), results, ...(decisions ? { decisions } : {}) };
  return { ...receipt, signature: await signBody(receipt, deps.receiptKey.privateKey) };
}
