import { z } from 'zod';
import { PublicKey, Signature, signBody, verifyBody } from './transfer';

/**
 * An update is the bureau's own, checked on the laptop, not only against the feed that
 * offers it. The release manager signs a small manifest on their own machine with the
 * bureau's release key (Ed25519; the private half never on the server): which file, which
 * version, its size and SHA-512, which channel. The server publishes an installer only
 * with a manifest signed by a key it was given the public half of, and takes the version
 * from it; the app carries the public half and checks the downloaded file against the
 * manifest before it lets the officer install it.
 */
export const RELEASE_MANIFEST_FORMAT = 'xunlian-release';
export const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/;

export const ReleaseManifestBody = z.strictObject({
  format: z.literal(RELEASE_MANIFEST_FORMAT),
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._+-]{0,150}$/),
  version: z.string().regex(SEMVER),
  size: z.number().int().positive(),
  /** base64, as electron-updater's feed writes it */
  sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  channel: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/),
  signedAt: z.string(),
  /** The public half of the key that signed it. */
  keyId: PublicKey,
});
export type ReleaseManifestBody = z.infer<typeof ReleaseManifestBody>;
export const ReleaseManifest = ReleaseManifestBody.extend({ signature: Signature });
export type ReleaseManifest = z.infer<typeof ReleaseManifest>;

/** Where a signed manifest sits: beside its installer, in the release folder and on the feed. */
export const manifestNameFor = (file: string) => `${file}.manifest.json`;

/** The keys a bureau trusts to sign releases: a JSON list of public keys (one file, kept with the app and the server). */
export const ReleaseKeys = z.array(PublicKey).min(1).max(20);

export async function signReleaseManifest(body: Omit<ReleaseManifestBody, 'format' | 'keyId'>, keys: { publicKey: string; privateKey: string }): Promise<ReleaseManifest> {
  const full: ReleaseManifestBody = { format: RELEASE_MANIFEST_FORMAT, ...body, keyId: keys.publicKey };
  return { ...full, signature: await signBody(full, keys.privateKey) };
}

/** The manifest's content when it is well-formed and signed by one of the trusted keys; null otherwise. */
export async function verifyReleaseManifest(raw: unknown, trustedKeys: readonly string[]): Promise<ReleaseManifestBody | null> {
  const parsed = ReleaseManifest.safeParse(raw);
  if (!parsed.success || !trustedKeys.includes(parsed.data.keyId)) return null;
  const { signature, ...body } = parsed.data;
  return (await verifyBody(body, signature, body.keyId)) ? body : null;
}

/** Semantic versions compared (a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { nums: core.split('.').map(Number), pre: pre ?? null };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}
