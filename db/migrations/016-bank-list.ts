/**
 * The bureau's bank list (issue 26) joins the reference data the directory pull keeps
 * current, each bank with the short names people write (in `detail`). SQLite cannot widen a
 * CHECK constraint in place, so the table is rebuilt with its rows. From now on a kind this
 * version does not know is simply not written (the pull skips it), so no CHECK is needed
 * for the next list: the kinds are the app's (REFERENCE_KINDS), not the table's.
 */
export default /* sql */ `
CREATE TABLE reference_items_new (
  kind       TEXT NOT NULL,
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  grp        TEXT NOT NULL DEFAULT '',
  sort       INTEGER NOT NULL DEFAULT 0,
  active     INTEGER NOT NULL DEFAULT 1,
  detail     TEXT,
  PRIMARY KEY (kind, code)
);
INSERT INTO reference_items_new (kind, code, name, grp, sort, active, detail) SELECT kind, code, name, grp, sort, active, detail FROM reference_items;
DROP TABLE reference_items;
ALTER TABLE reference_items_new RENAME TO reference_items;
`;
