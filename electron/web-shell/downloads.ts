import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportOutcome } from '../../shared/api/contract';
import type { Platform } from '../services/platform';

interface PendingDownload {
  path: string;
  fileName: string;
  expires: number;
}

/**
 * The web shell's Platform: an export is written to a private folder and handed
 * to the page once, as a download the page fetches with its key. Files expire.
 */
export class DownloadPlatform implements Platform {
  private readonly pending = new Map<string, PendingDownload>();

  constructor(
    private readonly dir: string,
    private readonly ttlMs = 10 * 60_000,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  async deliverFile(suggestedName: string, write: (path: string) => Promise<number>): Promise<ExportOutcome> {
    this.sweep();
    const id = randomBytes(16).toString('hex');
    const path = join(this.dir, `${id}.download`);
    const rows = await write(path);
    this.pending.set(id, { path, fileName: suggestedName, expires: Date.now() + this.ttlMs });
    return { status: 'download', url: `/api/download/${id}`, fileName: suggestedName, rows };
  }

  /** The page uploads attachments itself (POST /api/attachments), so there is nothing to pick here. */
  async pickFiles(): Promise<string[]> {
    return [];
  }

  /** A stored attachment is offered as a one-shot download of a copy. */
  async openFile(path: string, fileName: string): Promise<ExportOutcome> {
    return this.deliverFile(fileName, async (target) => {
      copyFileSync(path, target);
      return 1;
    });
  }

  /** Hands the file over once; the caller streams it and then calls `done`. */
  take(id: string): { path: string; fileName: string; done: () => void } | null {
    const item = this.pending.get(id);
    if (!item || item.expires < Date.now()) return null;
    this.pending.delete(id);
    return { path: item.path, fileName: item.fileName, done: () => rmSync(item.path, { force: true }) };
  }

  private sweep(): void {
    for (const [id, item] of this.pending) {
      if (item.expires < Date.now()) {
        rmSync(item.path, { force: true });
        this.pending.delete(id);
      }
    }
  }
}
