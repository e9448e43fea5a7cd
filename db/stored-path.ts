import { isAbsolute, join, relative, resolve } from 'node:path';

/**
 * Where an attachment's bytes live, from the values stored with it. Every path the app
 * builds from stored values is built here and checked on every use — not only on restore
 * — so a row that names `../../device-token` (a crafted backup, a bug) can never read,
 * upload, open or delete a file outside the attachments folder.
 */
const VISIT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.bin$/;

export class StoredPathError extends Error {
  constructor(what: string) {
    super(`refused a stored path outside its folder (${what.slice(0, 80)})`);
    this.name = 'StoredPathError';
  }
}

export function attachmentFile(attachmentsDir: string, visitId: string, storedName: string): string {
  if (!VISIT_ID.test(visitId)) throw new StoredPathError(`visit id ${JSON.stringify(visitId)}`);
  if (!STORED_NAME.test(storedName)) throw new StoredPathError(`file name ${JSON.stringify(storedName)}`);
  const path = join(attachmentsDir, visitId, storedName);
  const inside = relative(resolve(attachmentsDir), resolve(path));
  if (inside.startsWith('..') || isAbsolute(inside)) throw new StoredPathError(path);
  return path;
}
