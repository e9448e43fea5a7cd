/**
 * Programme events (活动: financing forums, coaching, exchange meetings, trips) are
 * recorded with the visit machinery — draft, revisions, outbox, push — but belong to no
 * single firm. `visits.firm_id` becomes nullable (null only for kind 'event') and the kind
 * CHECK gains 'event'. SQLite cannot change either in place, so the table is rebuilt by
 * the documented twelve-step procedure: the migration runner turns foreign keys off around
 * it and checks them before commit (Migration.rebuildsTables).
 *
 * `event_firms` holds each event's firms as its latest completed revision names them
 * (invited = listed; attended = came): the firm page and the summary read it.
 */
export default /* sql */ `
CREATE TABLE visits_new (
  id                 TEXT PRIMARY KEY,
  firm_id            TEXT REFERENCES firms(id),
  kind               TEXT NOT NULL CHECK (kind IN ('diagnosis', 'patrol', 'followup', 'event')),
  officer            TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
  revision           INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  answers            TEXT NOT NULL,
  ui_state           TEXT NOT NULL DEFAULT '{}',
  visit_date         TEXT,
  content_hash       TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  completed_at       TEXT,
  sync_state         TEXT NOT NULL DEFAULT 'local' CHECK (sync_state IN ('local', 'waiting', 'synced', 'attention')),
  synced_at          TEXT,
  sync_error         TEXT,
  origin             TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'server')),
  completed_revision INTEGER,
  CHECK ((kind = 'event') = (firm_id IS NULL))
);
INSERT INTO visits_new (id, firm_id, kind, officer, status, revision, answers, ui_state, visit_date, content_hash, created_at, updated_at,
                        completed_at, sync_state, synced_at, sync_error, origin, completed_revision)
  SELECT id, firm_id, kind, officer, status, revision, answers, ui_state, visit_date, content_hash, created_at, updated_at,
         completed_at, sync_state, synced_at, sync_error, origin, completed_revision FROM visits;
DROP TABLE visits;
ALTER TABLE visits_new RENAME TO visits;
CREATE INDEX visits_by_firm ON visits (firm_id, visit_date);
CREATE INDEX visits_by_update ON visits (updated_at DESC);
CREATE INDEX visits_counting ON visits (id, completed_revision, firm_id, kind, officer);
CREATE INDEX visits_by_kind ON visits (kind, visit_date);

CREATE TABLE event_firms (
  visit_id  TEXT NOT NULL REFERENCES visits(id),
  firm_id   TEXT NOT NULL,
  revision  INTEGER NOT NULL,
  attended  INTEGER NOT NULL CHECK (attended IN (0, 1)),
  PRIMARY KEY (visit_id, firm_id)
);
CREATE INDEX event_firms_by_firm ON event_firms (firm_id, visit_id);
`;
