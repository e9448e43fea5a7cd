import { signBody, verifyBody } from './transfer';
import type { SignedServerKey } from './sync-protocol';

/**
 * The public keys a server hands its laptops beyond sign-in (with its health answer, so a
 * laptop signed in before they existed learns them at its next sync): the transfer key that
 * USB files are sealed to, and the bureau's recovery key that each laptop's store key is
 * sealed to. Each is signed with the server's receipt key, which the laptop learned when it
 * signed in, so no one between the laptop and the server can swap in a key of their own.
 */
export type ServerKeyPurpose = 'transfer' | 'recovery';

const statement = (purpose: ServerKeyPurpose, publicKey: string) => ({ format: 'xunlian-server-key', purpose, publicKey });

export async function signServerKey(purpose: ServerKeyPurpose, publicKey: string, receiptPrivateKey: string): Promise<SignedServerKey> {
  return { publicKey, signature: await signBody(statement(purpose, publicKey), receiptPrivateKey) };
}

export async function verifyServerKey(purpose: ServerKeyPurpose, key: SignedServerKey, serverPublicKey: string): Promise<boolean> {
  try {
    return await verifyBody(statement(purpose, key.publicKey), key.signature, serverPublicKey);
  } catch {
    return false;
  }
}
