/** Firms directory, visits with their answers, and the sync outbox. */
export default /* sql */ `
CREATE TABLE firms (
  id            TEXT PRIMARY KEY,
  credit_code   TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  county_code   TEXT NOT NULL,
  address       TEXT NOT NULL DEFAULT '',
  chain_segment TEXT NOT NULL CHECK (chain_segment IN ('upstream', 'midstream', 'downstream')),
  categories    TEXT NOT NULL DEFAULT '[]',
  key_tier      TEXT NOT NULL DEFAULT 'none' CHECK (key_tier IN ('none', 'cultivated', 'key')),
  zjtx_level    TEXT NOT NULL DEFAULT 'none' CHECK (zjtx_level IN ('none', 'innovative', 'provincial', 'little_giant')),
  contacts      TEXT NOT NULL DEFAULT '[]',
  updated_at    TEXT NOT NULL
);

CREATE TABLE visits (
  id            TEXT PRIMARY KEY,
  firm_id       TEXT NOT NULL REFERENCES firms(id),
  kind          TEXT NOT NULL CHECK (kind IN ('diagnosis', 'patrol', 'followup')),
  officer       TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
  revision      INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  answers       TEXT NOT NULL,
  ui_state      TEXT NOT NULL DEFAULT '{}',
  visit_date    TEXT,
  content_hash  TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  completed_at  TEXT,
  sync_state    TEXT NOT NULL DEFAULT 'local' CHECK (sync_state IN ('local', 'waiting', 'synced', 'attention')),
  synced_at     TEXT,
  sync_error    TEXT
);
CREATE INDEX visits_by_firm ON visits (firm_id, visit_date);
CREATE INDEX visits_by_update ON visits (updated_at DESC);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  visit_id        TEXT NOT NULL REFERENCES visits(id),
  revision        INTEGER NOT NULL,
  payload         TEXT NOT NULL,
  content_hash    TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'quarantined')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  done_at         TEXT,
  UNIQUE (visit_id, revision)
);
CREATE INDEX outbox_pending ON outbox (state, id);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
