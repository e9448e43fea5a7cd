import type { REFERENCE_KINDS } from '../../shared/api/sync-protocol';
import { eliminatedEntryOf, eliminatedReference, type EliminatedEntry } from '../../shared/reference/eliminated-products';
import type { ReferenceSeed } from '../../shared/reference/green-catalogue';
import type { Db } from '../open';

export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export interface ReferenceItem {
  code: string;
  name: string;
  group: string;
}

export function listReference(db: Db, kind: ReferenceKind): ReferenceItem[] {
  return db.prepare('SELECT code, name, grp AS "group" FROM reference_items WHERE kind = ? AND active = 1 ORDER BY sort, code').all(kind) as ReferenceItem[];
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
