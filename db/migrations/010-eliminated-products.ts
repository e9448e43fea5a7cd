/**
 * The eliminated-products list (shared/reference/eliminated-products.ts) joins the
 * reference data the directory pull keeps current. Its entries carry more than a name —
 * status, source, date, keywords — kept as JSON in `detail`. SQLite cannot widen a CHECK
 * constraint in place, so the table is rebuilt with its rows.
 */
export default /* sql */ `
CREATE TABLE reference_items_new (
  kind       TEXT NOT NULL CHECK (kind IN ('green_product', 'policy', 'department', 'eliminated_product')),
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  grp        TEXT NOT NULL DEFAULT '',
  sort       INTEGER NOT NULL DEFAULT 0,
  active     INTEGER NOT NULL DEFAULT 1,
  detail     TEXT,
  PRIMARY KEY (kind, code)
);
INSERT INTO reference_items_new (kind, code, name, grp, sort, active) SELECT kind, code, name, grp, sort, active FROM reference_items;
DROP TABLE reference_items;
ALTER TABLE reference_items_new RENAME TO reference_items;
`;
