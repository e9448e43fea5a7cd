import type { ReferenceSeed } from '../../shared/reference/green-catalogue';
import type { Db } from '../open';

export type ReferenceKind = 'green_product' | 'policy' | 'department';

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

export function upsertReferenceItem(db: Db, item: { kind: ReferenceKind; code: string; name: string; group: string; sort: number; active: boolean }): void {
  db.prepare(
    `INSERT INTO reference_items (kind, code, name, grp, sort, active) VALUES (@kind, @code, @name, @group, @sort, @active)
     ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, grp = excluded.grp, sort = excluded.sort, active = excluded.active`,
  ).run({ ...item, active: item.active ? 1 : 0 });
}
