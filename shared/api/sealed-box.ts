/**
 * A sealed box: bytes encrypted to the holder of an X25519 private key, by anyone who knows
 * its public half, with nothing to keep on the sender's side. Used for the USB transfer files
 * (sealed to the server's transfer key: a lost stick shows nothing) and for the laptop's store
 * key (sealed to the bureau's recovery key, whose private half the bureau keeps offline).
 *
 *   "XLSEAL1\n" | ephemeral X25519 public key (32) | nonce (12) | AES-256-GCM ciphertext and tag
 *
 * key = HKDF-SHA256(X25519(ephemeral, recipient), salt = ephemeral ‖ recipient, info = purpose):
 * a fresh ephemeral key per box, and the purpose in the key, so a box made for one use never
 * opens as another. WebCrypto only, so the laptop and the server share this file.
 */
export type SealPurpose = 'transfer' | 'recovery';

const MAGIC = new TextEncoder().encode('XLSEAL1\n');
const PUBLIC_BYTES = 32;
const NONCE_BYTES = 12;
const HEADER_BYTES = MAGIC.length + PUBLIC_BYTES + NONCE_BYTES;

export class SealedBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedBoxError';
  }
}

const subtle = () => globalThis.crypto.subtle;
/** WebCrypto's key type, named without the DOM library (the server's and main process's type-check has none). */
type Key = Parameters<ReturnType<typeof subtle>['exportKey']>[1];
type KeyPair = { publicKey: Key; privateKey: Key };
const bytes = (view: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(view);

export function toBase64url(data: Uint8Array | ArrayBuffer): string {
  const view = data instanceof Uint8Array ? data : new Uint8Array(data);
  let text = '';
  for (const byte of view) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** An X25519 key pair: the public key as base64url raw bytes (43 characters), the private key as base64url PKCS#8. */
export interface SealingKeys {
  publicKey: string;
  privateKey: string;
}

export async function generateSealingKeys(): Promise<SealingKeys> {
  const pair = (await subtle().generateKey({ name: 'X25519' }, true, ['deriveBits'])) as unknown as KeyPair;
  return { publicKey: toBase64url(await subtle().exportKey('raw', pair.publicKey)), privateKey: toBase64url(await subtle().exportKey('pkcs8', pair.privateKey)) };
}

async function boxKey(shared: ArrayBuffer, ephemeral: Uint8Array, recipient: Uint8Array, purpose: SealPurpose): Promise<Key> {
  const ikm = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const salt = new Uint8Array(ephemeral.length + recipient.length);
  salt.set(ephemeral, 0);
  salt.set(recipient, ephemeral.length);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode(`xunlian sealed ${purpose}`) }, ikm, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Seals `plain` to the holder of `recipientPublicKey` (base64url raw X25519). */
export async function seal(plain: Uint8Array, recipientPublicKey: string, purpose: SealPurpose): Promise<Uint8Array> {
  const recipientRaw = fromBase64url(recipientPublicKey);
  if (recipientRaw.length !== PUBLIC_BYTES) throw new SealedBoxError('Not an X25519 public key.');
  const recipient = await subtle().importKey('raw', recipientRaw, { name: 'X25519' }, false, []);
  const ephemeral = (await subtle().generateKey({ name: 'X25519' }, true, ['deriveBits'])) as unknown as KeyPair;
  const ephemeralRaw = new Uint8Array(await subtle().exportKey('raw', ephemeral.publicKey));
  const shared = await subtle().deriveBits({ name: 'X25519', public: recipient }, ephemeral.privateKey, 256);
  const key = await boxKey(shared, ephemeralRaw, recipientRaw, purpose);
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const cipher = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv: nonce }, key, bytes(plain)));
  const box = new Uint8Array(HEADER_BYTES + cipher.length);
  box.set(MAGIC, 0);
  box.set(ephemeralRaw, MAGIC.length);
  box.set(nonce, MAGIC.length + PUBLIC_BYTES);
  box.set(cipher, HEADER_BYTES);
  return box;
}

/** True when the bytes start as a sealed box does. */
export function isSealed(data: Uint8Array): boolean {
  return data.length >= MAGIC.length && MAGIC.every((byte, i) => data[i] === byte);
}

/** Opens a box with the recipient's key pair; throws SealedBoxError for a box made for another key or purpose, or changed by one byte. */
export async function open(box: Uint8Array, keys: SealingKeys, purpose: SealPurpose): Promise<Uint8Array> {
  if (!isSealed(box) || box.length < HEADER_BYTES + 16) throw new SealedBoxError('Not a sealed Xunlian file.');
  const recipientRaw = fromBase64url(keys.publicKey);
  const privateKey = await subtle().importKey('pkcs8', fromBase64url(keys.privateKey), { name: 'X25519' }, false, ['deriveBits']);
  const ephemeralRaw = bytes(box.subarray(MAGIC.length, MAGIC.length + PUBLIC_BYTES));
  const ephemeral = await subtle().importKey('raw', ephemeralRaw, { name: 'X25519' }, false, []);
  const shared = await subtle().deriveBits({ name: 'X25519', public: ephemeral }, privateKey, 256);
  const key = await boxKey(shared, ephemeralRaw, recipientRaw, purpose);
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: bytes(box.subarray(MAGIC.length + PUBLIC_BYTES, HEADER_BYTES)) }, key, bytes(box.subarray(HEADER_BYTES))));
  } catch {
    throw new SealedBoxError('The sealed file was changed, damaged, or sealed to another key.');
  }
}
