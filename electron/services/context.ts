import type { Db } from '../../db/open';
import type { EventBus } from './events';
import type { Platform } from './platform';

/** What every handler may use. Plain Node: no Electron, no DOM. */
export interface ServiceContext {
  db: Db;
  events: EventBus;
  platform: Platform;
  /** The signed-in account's name (or the configured default): it goes on new visits. */
  officer: () => string;
  /** Where attachment copies live (inside the app's data folder). */
  attachmentsDir: string;
  /** The attachments' AES-256-GCM key (derived from the store's key: encryption/attachment-cipher.ts). */
  attachmentKey: Buffer;
  /** A user-only temporary folder for attachments opened in another program; removed when the app quits. */
  openedDir: string;
  now: () => Date;
  /** Ask the sync engine to try soon (a visit was just queued). */
  kickSync: () => void;
}
