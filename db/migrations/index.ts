import m001 from './001-initial';
import m002 from './002-directory-problems';
import m003 from './003-attachment-uploads';
import m004 from './004-visit-origin';
import m005 from './005-counted-revisions';
import m006 from './006-problem-counting-index';
import m007 from './007-revision-listing';
import m008, { run as run008 } from './008-credit-check-recomputed';
import m009 from './009-firm-outbox';
import m010 from './010-eliminated-products';
import m011 from './011-financing-steps';
import m012 from './012-events';
import m013 from './013-sent-changes';
import m014 from './014-audit-outbox';
import m015 from './015-certificate-source';
import m016 from './016-bank-list';
import m017 from './017-revision-figures';
import m018 from './018-problems-from-colleagues';
import m019 from './019-decision-outbox';
import m020 from './020-assignments-reviews';
import m021 from './021-demands';

/**
 * The numbered migrations, in order: migration N brings the database to
 * `PRAGMA user_version = N`. Each is one file `NNN-name.ts` exporting its SQL, so
 * the Electron bundle, tsx and vitest all load them the same way. A migration whose
 * data change needs the app's own rules (a check digit) also exports `run`, called
 * after its SQL in the same transaction.
 */
export interface MigrationDb {
  prepare(sql: string): { all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
  run?: (db: MigrationDb) => void;
  /** Rebuilds a table other tables refer to: foreign keys are off while it runs, and checked before commit. */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001-initial', sql: m001 },
  { version: 2, name: '002-directory-problems', sql: m002 },
  { version: 3, name: '003-attachment-uploads', sql: m003 },
  { version: 4, name: '004-visit-origin', sql: m004 },
  { version: 5, name: '005-counted-revisions', sql: m005 },
  { version: 6, name: '006-problem-counting-index', sql: m006 },
  { version: 7, name: '007-revision-listing', sql: m007 },
  { version: 8, name: '008-credit-check-recomputed', sql: m008, run: run008 },
  { version: 9, name: '009-firm-outbox', sql: m009 },
  { version: 10, name: '010-eliminated-products', sql: m010 },
  { version: 11, name: '011-financing-steps', sql: m011 },
  { version: 12, name: '012-events', sql: m012, rebuildsTables: true },
  { version: 13, name: '013-sent-changes', sql: m013 },
  { version: 14, name: '014-audit-outbox', sql: m014 },
  { version: 15, name: '015-certificate-source', sql: m015 },
  { version: 16, name: '016-bank-list', sql: m016 },
  { version: 17, name: '017-revision-figures', sql: m017 },
  { version: 18, name: '018-problems-from-colleagues', sql: m018, rebuildsTables: true },
  { version: 19, name: '019-decision-outbox', sql: m019 },
  { version: 20, name: '020-assignments-reviews', sql: m020 },
  { version: 21, name: '021-demands', sql: m021 },
];

export const LATEST_VERSION = MIGRATIONS.length;
