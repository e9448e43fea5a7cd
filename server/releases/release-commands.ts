import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { generateSigningKeys, PublicKey } from '../../shared/api/transfer';
import { manifestNameFor, SEMVER, signReleaseManifest } from '../../shared/api/release-manifest';
import { publishRelease, readReleaseKeys, ReleaseError, sha512 } from './release-store';
import { statSync } from 'node:fs';
import { z } from 'zod';

/**
 * The release manager's commands. `release-keygen` and `release-sign` run on their own
 * machine, where the private key stays (never on the server); `publish-release` runs on
 * the server and accepts an installer only with a manifest signed by a trusted key.
 */
type Values = { file?: string; channel?: string; percentage?: string; version?: string; out?: string; key?: string; manifest?: string };

const PRIVATE_KEY_FILE = 'release-key.private.json';
const PUBLIC_KEYS_FILE = 'release-keys.json';
const KeyPair = z.strictObject({ publicKey: PublicKey, privateKey: z.string().min(40).max(200) });

export async function releaseKeygen(values: Values): Promise<number> {
  const dir = resolve(values.out ?? '.');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  if (existsSync(privatePath)) throw new ReleaseError(`${privatePath} exists: a release key is made once and kept (a new one means every laptop needs the new public key).`);
  const keys = await generateSigningKeys();
  writeFileSync(privatePath, JSON.stringify(keys), { mode: 0o600 });
  chmodSync(privatePath, 0o600);
  writeFileSync(join(dir, PUBLIC_KEYS_FILE), `${JSON.stringify([keys.publicKey], null, 2)}\n`);
  console.log(`Release key made. Keep ${privatePath} off the server (an encrypted USB stick in the release manager's safe).`);
  console.log(`Give ${join(dir, PUBLIC_KEYS_FILE)} to the server (XUNLIAN_RELEASE_KEYS) and put it at build/release-keys.json before packaging the app.`);
  return 0;
}

export async function releaseSign(values: Values): Promise<number> {
  if (!values.file || !values.key) throw new ReleaseError('release-sign needs --file (the installer) and --key (release-key.private.json).');
  const name = basename(values.file);
  const version = values.version ?? /(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)/.exec(name)?.[1];
  if (!version || !SEMVER.test(version)) throw new ReleaseError(`Give the version with --version (it is not in the file name ${name}).`);
  const keys = KeyPair.parse(JSON.parse(readFileSync(values.key, 'utf8')));
  const manifest = await signReleaseManifest({ file: name, version, size: statSync(values.file).size, sha512: await sha512(values.file), channel: values.channel ?? 'stable', signedAt: new Date().toISOString() }, keys);
  const out = `${values.file}.manifest.json`;
  writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`Signed ${name} ${version} for channel ${manifest.channel}: ${out}`);
  return 0;
}

export async function publish(values: Values): Promise<number> {
  if (!values.file) {
    console.error('publish-release needs --file (an installer built by `npm run package` and signed with `release-sign`).');
    return 2;
  }
  if (values.version) throw new ReleaseError('publish-release takes the version from the signed manifest, never from a flag.');
  const file = resolve(values.file);
  const manifestPath = values.manifest ?? join(resolve(file, '..'), manifestNameFor(basename(file)));
  if (!existsSync(manifestPath)) throw new ReleaseError(`No signed manifest at ${manifestPath}: sign the installer with \`release-sign\` on the release manager's machine.`);
  const releasesDir = resolve(process.env.XUNLIAN_RELEASES_DIR ?? 'server-releases');
  const { feed, content } = await publishRelease(releasesDir, {
    file,
    channel: values.channel ?? 'stable',
    manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown,
    trustedKeys: readReleaseKeys(process.env.XUNLIAN_RELEASE_KEYS),
    ...(values.percentage !== undefined ? { percentage: Number(values.percentage) } : {}),
    now: new Date(),
  });
  const rollout = content.stagingPercentage ? `${content.stagingPercentage}% of laptops` : 'every laptop';
  console.log(`已发布 Published ${content.version} to ${releasesDir}/${values.channel ?? 'stable'}/${feed} (${content.files.map((f) => f.url).join(', ')}), offered to ${rollout}.`);
  if (!content.files.some((f) => f.blockMapSize)) console.log('No .blockmap beside the installer: laptops will download the whole file instead of the changed blocks.');
  return 0;
}
