import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES, type Profile } from '../../shared/api/care';
import { writeFileAtomically } from './atomic-file';

/**
 * Two profiles in one data folder: the real one (the bureau's data, synced) at its root,
 * and the demo one (the demo firms, never synced) in demo/, so demo firms can never mix
 * with the real register. profile.json at the root says which one the app opens.
 */
const PROFILE_FILE = 'profile.json';

export function profileDataDir(root: string, profile: Profile): string {
  return profile === 'demo' ? join(root, 'demo') : root;
}

export function readProfile(root: string): Profile {
  try {
    const chosen = (JSON.parse(readFileSync(join(root, PROFILE_FILE), 'utf8')) as { profile?: unknown }).profile;
    return PROFILES.includes(chosen as Profile) ? (chosen as Profile) : 'real';
  } catch {
    return 'real';
  }
}

export async function writeProfile(root: string, profile: Profile): Promise<void> {
  if (!existsSync(root)) mkdirSync(root, { recursive: true, mode: 0o700 });
  await writeFileAtomically(join(root, PROFILE_FILE), (write) => write(JSON.stringify({ profile })));
}
