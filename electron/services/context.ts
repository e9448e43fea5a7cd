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
  now: () => Date;
  /** Ask the sync engine to try soon (a visit was just queued). */
  kickSync: () => void;
}
