import { z } from 'zod';
import { canonicalJson } from '../domain/canonical';
import { PushedVisit, PUSH_STATUSES } from './sync-protocol';
import { DecisionResult } from './decisions';

/**
 * The no-network path: completed visits (with their attachments) carried on a USB
 * stick as one transfer file, and the server's receipt carried back. Format 2 signs
 * with Ed25519: each laptop signs with its own device key (made at sign-in, the
 * private half never leaves the laptop, the server keeps the public half); the
 * server signs receipts with its own key, whose public half the laptop learned at
 * sign-in. Nothing the server stores — its database, a backup — is enough to forge a
 * file or a receipt. Format 1 (HMAC keyed by what the server stored) is refused.
 */
export const TRANSFER_FORMAT = 'xunlian-transfer';
export const RECEIPT_FORMAT = 'xunlian-receipt';
export const TRANSFER_VERSION = 2;
export const MAX_TRANSFER_DECISIONS = 5_000;

export const TransferAttachment = z.strictObject({
  id: z.uuid(),
  visitId: z.uuid(),
  fileName: z.string().min(1).max(200),
  size: z.number().int().min(0).max(50 * 1024 * 1024),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  data: z.base64(),
});

/** An Ed25519 signature, base64url (64 bytes). */
export const Signature = z.string().regex(/^[A-Za-z0-9_-]{86}$/);
/** An Ed25519 public key, base64url of its 32 raw bytes. */
export const PublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const TransferBody = z.strictObject({
  format: z.literal(TRANSFER_FORMAT),
  version: z.literal(TRANSFER_VERSION),
  deviceId: z.string().min(1).max(64),
  createdAt: z.iso.datetime(),
  visits: z.array(PushedVisit).max(10_000),
  attachments: z.array(TransferAttachment).max(2_000),
  /** A supervisor's queued decisions (shared/api/decisions.ts), judged one by one on import; absent from files before them. */
  decisions: z.array(z.unknown()).max(MAX_TRANSFER_DECISIONS).optional(),
});
export type TransferBody = z.infer<typeof TransferBody>;
export const TransferFile = TransferBody.extend({ signature: Signature });
export type TransferFile = z.infer<typeof TransferFile>;

export const ReceiptBody = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  version: z.literal(TRANSFER_VERSION),
  deviceId: z.string(),
  issuedAt: z.iso.datetime(),
  results: z.array(z.object({ id: z.string(), revision: z.number().int(), status: z.enum(PUSH_STATUSES), reasons: z.array(z.string()).optional() })),
  /** The answer to each decision the file carried. */
  decisions: z.array(DecisionResult).optional(),
});
export type ReceiptBody = z.infer<typeof ReceiptBody>;
export const ReceiptFile = ReceiptBody.extend({ signature: Signature });
export type ReceiptFile = z.infer<typeof ReceiptFile>;

/** True for a file or receipt of an earlier format (to be made again, not imported). */
export function isOldFormat(json: unknown): boolean {
  const v = (json as { format?: unknown; version?: unknown } | null) ?? {};
  return (v.format === TRANSFER_FORMAT || v.format === RECEIPT_FORMAT) && v.version !== TRANSFER_VERSION;
}

/** An Ed25519 key pair: the public key as base64url raw bytes, the private key as base64url PKCS#8. */
export interface SigningKeys {
  publicKey: string;
  privateKey: string;
}

const subtle = () => globalThis.crypto.subtle;
const toB64url = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** A new Ed25519 key pair (WebCrypto: the same in Node and browsers). */
export async function generateSigningKeys(): Promise<SigningKeys> {
  type Key = Parameters<ReturnType<typeof subtle>['exportKey']>[1];
  const pair = (await subtle().generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as unknown as { publicKey: Key; privateKey: Key };
  return { publicKey: toB64url(await subtle().exportKey('raw', pair.publicKey)), privateKey: toB64url(await subtle().exportKey('pkcs8', pair.privateKey)) };
}

/** Ed25519 signature of the canonical JSON of `body`. */
export async function signBody(body: object, privateKey: string): Promise<string> {
  const key = await subtle().importKey('pkcs8', fromB64url(privateKey), { name: 'Ed25519' }, false, ['sign']);
  return toB64url(await subtle().sign('Ed25519', key, new TextEncoder().encode(canonicalJson(body))));
}

export async function verifyBody(body: object, signature: string, publicKey: string): Promise<boolean> {
  try {
    const key = await subtle().importKey('raw', fromB64url(publicKey), { name: 'Ed25519' }, false, ['verify']);
    return await subtle().verify('Ed25519', key, fromB64url(signature), new TextEncoder().encode(canonicalJson(body)));
  } catch {
    return false;
  }
}
