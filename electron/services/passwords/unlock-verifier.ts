import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * What lets the laptop check its account's password offline, at the idle lock: a scrypt hash
 * (N = 2^15, r = 8, p = 1: ~50 ms, 32 MB) of the password last used online, with its own salt.
 * The password itself is never kept. A copy of the store gives an attacker a slow hash to guess
 * at, as the server's own argon2id hashes would.
 */
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface UnlockVerifier {
  salt: string;
  hash: string;
  N: number;
}

const derive = (password: string, salt: Buffer, N: number) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password.normalize('NFC'), salt, 32, { ...PARAMS, N }, (error, key) => (error ? reject(error) : resolve(key))));

export async function makeUnlockVerifier(password: string): Promise<UnlockVerifier> {
  const salt = randomBytes(16);
  return { salt: salt.toString('base64'), hash: (await derive(password, salt, PARAMS.N)).toString('base64'), N: PARAMS.N };
}

export async function passwordMatches(verifier: UnlockVerifier, password: string): Promise<boolean> {
  const expected = Buffer.from(verifier.hash, 'base64');
  const given = await derive(password, Buffer.from(verifier.salt, 'base64'), verifier.N);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
