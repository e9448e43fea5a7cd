import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../domain/canonical';
import { PushedVisit, PUSH_STATUSES } from './sync-protocol';

/**
 * The no-network path: completed visits (with their attachments) carried on a USB
 * stick as one transfer file, and the server's receipt carried back. Both are
 * signed with HMAC-SHA256 keyed by SHA-256(device token): only the laptop that
 * holds the token (and the server, which stores that hash) can sign, and the key
 * itself is never in the file.
 */
export const TRANSFER_FORMAT = 'xunlian-transfer';
export const RECEIPT_FORMAT = 'xunlian-receipt';

export const TransferAttachment = z.strictObject({
  id: z.uuid(),
  visitId: z.uuid(),
  fileName: z.string().min(1).max(200),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  data: z.base64(),
});

export const TransferBody = z.strictObject({
  format: z.literal(TRANSFER_FORMAT),
  version: z.literal(1),
  deviceId: z.string().min(1).max(64),
  createdAt: z.iso.datetime(),
  visits: z.array(PushedVisit).max(10_000),
  attachments: z.array(TransferAttachment).max(2_000),
});
export type TransferBody = z.infer<typeof TransferBody>;
export const TransferFile = TransferBody.extend({ signature: z.string().regex(/^[0-9a-f]{64}$/) });
export type TransferFile = z.infer<typeof TransferFile>;

export const ReceiptBody = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  version: z.literal(1),
  deviceId: z.string(),
  issuedAt: z.iso.datetime(),
  results: z.array(z.object({ id: z.string(), revision: z.number().int(), status: z.enum(PUSH_STATUSES), reasons: z.array(z.string()).optional() })),
});
export type ReceiptBody = z.infer<typeof ReceiptBody>;
export const ReceiptFile = ReceiptBody.extend({ signature: z.string().regex(/^[0-9a-f]{64}$/) });
export type ReceiptFile = z.infer<typeof ReceiptFile>;

/** The signing key of a device: SHA-256 (hex) of its token, which is what the server stores. */
export function deviceKey(token: string): Promise<string> {
  return sha256Hex(token);
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(new ArrayBuffer(hex.length / 2));
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** HMAC-SHA256 of the canonical JSON of `body` (WebCrypto: the same in Node and browsers). */
export async function signBody(body: object, keyHex: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('raw', hexBytes(keyHex), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, new TextEncoder().encode(canonicalJson(body)));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Constant-time comparison, so a forger learns nothing from how long a refusal takes. */
export async function verifyBody(body: object, signature: string, keyHex: string): Promise<boolean> {
  const expected = await signBody(body, keyHex);
  if (expected.length !== signature.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  return diff === 0;
}
