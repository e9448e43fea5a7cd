import { join } from 'node:path';
import { openDb, type Db } from '../../db/open';
import { demoFirms } from '../../db/demo/demo-firms';
import { countFirms, upsertFirm } from '../../db/repositories/firms';
import { SyncEngine, type SyncOptions } from '../sync/engine';
import type { AppConfig } from './config';
import { createDispatcher, type Dispatch } from './dispatcher';
import { EventBus } from './events';
import { exportHandlers } from './handlers/exports';
import { firmHandlers } from './handlers/firms';
import { visitHandlers } from './handlers/visits';
import type { ServiceContext } from './context';
import type { Platform } from './platform';

export interface AppOptions extends AppConfig {
  dataDir: string;
  platform: Platform;
  nativeBinding?: string;
  now?: () => Date;
  sync?: Partial<SyncOptions>;
  /** Tests start the engine themselves. */
  autoStartSync?: boolean;
}

export interface XunlianApp {
  db: Db;
  dispatch: Dispatch;
  events: EventBus;
  sync: SyncEngine;
  close(): Promise<void>;
}

export const DB_FILE = 'xunlian.db';

/** Loads the demo directory on first run, so the app is usable before any directory pull. */
function seedIfEmpty(db: Db, now: string): void {
  if (countFirms(db) > 0) return;
  db.transaction(() => demoFirms(now).forEach((f) => upsertFirm(db, f)))();
}

/** Wires the store, the services, the sync engine and the dispatcher: the whole main process minus its transport. */
export function createApp(options: AppOptions): XunlianApp {
  const now = options.now ?? (() => new Date());
  const db = openDb(join(options.dataDir, DB_FILE), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  seedIfEmpty(db, now().toISOString());
  const events = new EventBus();
  const sync = new SyncEngine(db, {
    serverUrl: options.serverUrl,
    token: options.token,
    timeoutMs: 15_000,
    now,
    ...options.sync,
    onStatus: (status) => events.emit('sync.status', status),
    onSynced: (ids) => events.emit('visits.changed', { ids }),
  });
  const ctx: ServiceContext = { db, events, platform: options.platform, officer: options.officer, now, kickSync: () => sync.kick() };
  const dispatch = createDispatcher({
    ...firmHandlers(ctx),
    ...visitHandlers(ctx),
    ...exportHandlers(ctx),
    'sync.status': () => sync.status(),
    'sync.now': () => sync.syncNow(),
  });
  if (options.autoStartSync !== false) sync.start();
  return {
    db,
    dispatch,
    events,
    sync,
    async close() {
      await sync.stop();
      db.close();
    },
  };
}
