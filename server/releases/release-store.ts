import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import yaml from 'js-yaml';
import { manifestNameFor, ReleaseKeys, verifyReleaseManifest } from '../../shared/api/release-manifest';

/**
 * The releases the bureau's server hands to laptops, laid out as electron-updater's
 * generic provider reads them: <releases>/<channel>/latest.yml (Windows),
 * latest-linux.yml and latest-linux-arm64.yml (Linux), beside the installers and their
 * blockmaps. Publishing writes the installer first and the feed last (each by rename),
 * so a laptop never reads a feed whose file is not there yet. Old installers and
 * blockmaps stay: a differential update reads the blockmap of the version a laptop has.
 */
export const CHANNEL = /^[a-z][a-z0-9-]{0,19}$/;
export const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._+-]{0,150}$/;

export interface PublishInput {
  file: string;
  channel: string;
  /** The release manager's signed manifest of this file (release-sign); the version comes from it. */
  manifest: unknown;
  /** The public halves of the bureau's release keys (XUNLIAN_RELEASE_KEYS). */
  trustedKeys: readonly string[];
  /** Staged rollout: the share of laptops (1–100) offered this release. */
  percentage?: number;
  now: Date;
}

export interface PublishedFile {
  url: string;
  sha512: string;
  size: number;
  blockMapSize?: number;
}

export interface Feed {
  version: string;
  files: PublishedFile[];
  path: string;
  sha512: string;
  releaseDate: string;
  stagingPercentage?: number;
}

export class ReleaseError extends Error {}

/** Which feed an installer belongs to, from its name (electron-builder's artifact names). */
export function feedNameFor(fileName: string): string {
  if (/\.exe$/i.test(fileName)) return 'latest.yml';
  if (/\.(AppImage|deb)$/i.test(fileName)) return /(arm64|aarch64)/i.test(fileName) ? 'latest-linux-arm64.yml' : 'latest-linux.yml';
  throw new ReleaseError(`Not an installer the app can update from: ${fileName} (expected .exe, .AppImage or .deb)`);
}

export async function sha512(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

function copyInto(dir: string, from: string, name: string): void {
  const target = join(dir, name);
  copyFileSync(from, `${target}.partial`);
  renameSync(`${target}.partial`, target);
}

export function readFeed(dir: string, feedName: string): Feed | null {
  const path = join(dir, feedName);
  return existsSync(path) ? (yaml.load(readFileSync(path, 'utf8')) as Feed) : null;
}

export async function publishRelease(releasesDir: string, input: PublishInput): Promise<{ feed: string; content: Feed }> {
  if (!CHANNEL.test(input.channel)) throw new ReleaseError(`Channel names are lower-case letters, digits and hyphens: ${input.channel}`);
  if (!existsSync(input.file)) throw new ReleaseError(`No such file: ${input.file}`);
  const name = basename(input.file);
  if (!FILE_NAME.test(name)) throw new ReleaseError(`Rename the file to letters, digits, spaces and . _ + - only: ${name}`);
  const manifest = await verifyReleaseManifest(input.manifest, input.trustedKeys);
  if (!manifest) throw new ReleaseError('The manifest is missing, malformed or not signed by a release key this server trusts (XUNLIAN_RELEASE_KEYS): sign the installer with `release-sign` first.');
  if (manifest.file !== name || manifest.channel !== input.channel) throw new ReleaseError(`The manifest is for ${manifest.file} on channel ${manifest.channel}, not ${name} on ${input.channel}.`);
  const digest = await sha512(input.file);
  if (manifest.size !== statSync(input.file).size || manifest.sha512 !== digest) throw new ReleaseError(`${name} is not the file the manifest was signed for (size or SHA-512 differ).`);
  const version = manifest.version;
  if (input.percentage !== undefined && !(Number.isInteger(input.percentage) && input.percentage >= 1 && input.percentage <= 100))
    throw new ReleaseError('--percentage is a whole number from 1 to 100.');
  const feedName = feedNameFor(name);
  const dir = join(releasesDir, input.channel);
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const blockmap = `${input.file}.blockmap`;
  const entry: PublishedFile = { url: name, sha512: digest, size: statSync(input.file).size };
  if (existsSync(blockmap)) {
    entry.blockMapSize = statSync(blockmap).size;
    copyInto(dir, blockmap, `${name}.blockmap`);
  }
  copyInto(dir, input.file, name);
  // The signed manifest travels with the installer: the laptop checks the download against it.
  const manifestPath = join(dir, manifestNameFor(name));
  writeFileSync(`${manifestPath}.partial`, JSON.stringify(input.manifest), { mode: 0o600 });
  renameSync(`${manifestPath}.partial`, manifestPath);

  const previous = readFeed(dir, feedName);
  // The same version again adds its other installers (an AppImage beside a deb); a new version starts a new list.
  const files = previous?.version === version ? [...previous.files.filter((f) => f.url !== name), entry] : [entry];
  const content: Feed = {
    version,
    files,
    path: files[0]!.url,
    sha512: files[0]!.sha512,
    releaseDate: input.now.toISOString(),
    ...(input.percentage !== undefined && input.percentage < 100 ? { stagingPercentage: input.percentage } : {}),
  };
  const target = join(dir, feedName);
  writeFileSync(`${target}.partial`, yaml.dump(content, { lineWidth: -1 }), { mode: 0o600 });
  renameSync(`${target}.partial`, target);
  return { feed: feedName, content };
}

/** The file a laptop asks for, if it is one of the channel's (never a path outside it). */
export function releaseFile(releasesDir: string, channel: string, name: string): string | null {
  if (!CHANNEL.test(channel) || !FILE_NAME.test(name) || name.endsWith('.partial')) return null;
  const dir = join(releasesDir, channel);
  if (!existsSync(dir) || !readdirSync(dir).includes(name)) return null;
  return join(dir, name);
}

/** The release keys the server trusts: a JSON list of public keys in the file XUNLIAN_RELEASE_KEYS names. */
export function readReleaseKeys(path: string | undefined): string[] {
  if (!path) throw new ReleaseError('Set XUNLIAN_RELEASE_KEYS to the file of the bureau’s release public keys (made by `release-keygen`).');
  const parsed = ReleaseKeys.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new ReleaseError(`${path} is not a list of release public keys.`);
  return parsed.data;
}
