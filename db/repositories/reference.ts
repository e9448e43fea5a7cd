import type { REFERENCE_KINDS } from '../../shared/api/sync-protocol';
import { eliminatedEntryOf, eliminatedReference, type EliminatedEntry } from '../../shared/reference/eliminated-products';
import type { ReferenceSeed } from '../../shared/reference/green-catalogue';
import type { Db } from '../open';
import { aliasesOf, bankMatcher, type BankMatcher } from '../../shared/domain/banks';
import type { BankSeed } from '../../shared/reference/banks';

export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export interface ReferenceItem {
  code: string;
  name: string;
  group: string;
  /** A bank's other names (short names people write): matched like its name. */
  aliases?: string[];
}

export function listReference(db: Db, kind: ReferenceKind): ReferenceItem[] {
  const rows = db.prepare('SELECT code, name, grp AS "group", detail FROM reference_items WHERE kind = ? AND active = 1 ORDER BY sort, code').all(kind) as (ReferenceItem & { detail: string | null })[];
  return rows.map(({ detail, ...item }) => (kind === 'bank' ? { ...item, aliases: aliasesOf(detail ? JSON.parse(detail) : null) } : item));
}

/** The bank list as the matcher reads it (names and aliases of the active banks). */
export function bankMatcherOf(db: Db): BankMatcher {
  return bankMatcher(listReference(db, 'bank').map((b) => ({ name: b.name, aliases: b.aliases ?? [] })));
}

/** Writes the seed bank list on a laptop that has none (a fresh store, or one from before the list existed). */
export function seedBanks(db: Db, banks: readonly BankSeed[]): void {
  if (hasReference(db, 'bank')) return;
  banks.forEach((b, sort) => upsertReferenceItem(db, { kind: 'bank', code: b.code, name: b.name, group: b.group, sort, active: true, detail: { aliases: b.aliases } }));
}

/**
 * Steps already recorded under a name the bank list knows take the list's name (after an
 * upgrade, and after a pull that changed the list): one bank counts as one. Returns how many
 * steps changed.
 */
export function matchRecordedBanks(db: Db): number {
  const matcher = bankMatcherOf(db);
  const update = db.prepare('UPDATE financing_steps SET bank = ? WHERE bank = ?');
  let changed = 0;
  db.transaction(() => {
    for (const bank of db.prepare('SELECT DISTINCT bank FROM financing_steps').pluck().all() as string[]) {
      const canonical = matcher.canonical(bank);
      if (canonical && canonical !== bank) changed += update.run(canonical, bank).changes;
    }
  })();
  return changed;
}

/** Replaces one kind of reference data (the directory pull does this in its transaction). */
export function replaceReference(db: Db, kind: ReferenceKind, items: readonly ReferenceSeed[]): void {
  db.prepare('UPDATE reference_items SET active = 0 WHERE kind = ?').run(kind);
  const upsert = db.prepare(
    `INSERT INTO reference_items (kind, code, name, grp, sort, active) VALUES (@kind, @code, @name, @group, @sort, 1)
     ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, grp = excluded.grp, sort = excluded.sort, active = 1`,
  );
  items.forEach((item, sort) => upsert.run({ kind, sort, ...item }));
}

export function hasReference(db: Db, kind: ReferenceKind): boolean {
  return db.prepare('SELECT 1 FROM reference_items WHERE kind = ? LIMIT 1').get(kind) !== undefined;
}

export function upsertReferenceItem(db: Db, item: { kind: ReferenceKind; code: string; name: string; group: string; sort: number; active: boolean; detail?: unknown }): void {
  db.prepare(
    `INSERT INTO reference_items (kind, code, name, grp, sort, active, detail) VALUES (@kind, @code, @name, @group, @sort, @active, @detail)
     ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, grp = excluded.grp, sort = excluded.sort, active = excluded.active, detail = excluded.detail`,
  ).run({ kind: item.kind, code: item.code, name: item.name, group: item.group, sort: item.sort, active: item.active ? 1 : 0, detail: item.detail === undefined ? null : JSON.stringify(item.detail) });
}

/**
 * The eliminated-products list as the bureau last sent it (or the seed on a laptop that
 * never synced). Withdrawn entries are left out; an entry whose detail this version
 * cannot read is skipped rather than shown half.
 */
export function listEliminated(db: Db): EliminatedEntry[] {
  const rows = db.prepare("SELECT detail FROM reference_items WHERE kind = 'eliminated_product' AND active = 1 ORDER BY sort, code").pluck().all() as (string | null)[];
  return rows.flatMap((detail) => eliminatedEntryOf(detail ? JSON.parse(detail) : null) ?? []);
}

/** Writes the seed list on a laptop that has none (a fresh store, or one from before the list existed). */
export function seedEliminated(db: Db, entries: readonly EliminatedEntry[]): void {
  if (hasReference(db, 'eliminated_product')) return;
  entries.forEach((e, sort) => upsertReferenceItem(db, eliminatedReference(e, sort)));
}
