/**
 * The officer's day: searchable directory (FTS5 trigram over name, address, credit
 * code and pinyin initials), green certifications, reference data, visit revisions,
 * problems with their trail, attachments.
 */
export default /* sql */ `
ALTER TABLE firms ADD COLUMN initials TEXT NOT NULL DEFAULT '';
ALTER TABLE firms ADD COLUMN last_visit_date TEXT;
ALTER TABLE firms ADD COLUMN credit_check TEXT NOT NULL DEFAULT 'valid' CHECK (credit_check IN ('valid', 'confirmed'));
CREATE INDEX firms_by_county ON firms (county_code, name);
CREATE INDEX firms_by_last_visit ON firms (last_visit_date);

UPDATE firms SET last_visit_date = (SELECT MAX(v.visit_date) FROM visits v WHERE v.firm_id = firms.id AND v.status = 'completed');

CREATE VIRTUAL TABLE firms_fts USING fts5 (name, address, credit_code, initials, content = 'firms', content_rowid = 'rowid', tokenize = 'trigram');
CREATE TRIGGER firms_fts_insert AFTER INSERT ON firms BEGIN
  INSERT INTO firms_fts (rowid, name, address, credit_code, initials) VALUES (new.rowid, new.name, new.address, new.credit_code, new.initials);
END;
CREATE TRIGGER firms_fts_delete AFTER DELETE ON firms BEGIN
  INSERT INTO firms_fts (firms_fts, rowid, name, address, credit_code, initials) VALUES ('delete', old.rowid, old.name, old.address, old.credit_code, old.initials);
END;
CREATE TRIGGER firms_fts_update AFTER UPDATE OF name, address, credit_code, initials ON firms BEGIN
  INSERT INTO firms_fts (firms_fts, rowid, name, address, credit_code, initials) VALUES ('delete', old.rowid, old.name, old.address, old.credit_code, old.initials);
  INSERT INTO firms_fts (rowid, name, address, credit_code, initials) VALUES (new.rowid, new.name, new.address, new.credit_code, new.initials);
END;
INSERT INTO firms_fts (firms_fts) VALUES ('rebuild');

CREATE TABLE firm_certifications (
  id             TEXT PRIMARY KEY,
  firm_id        TEXT NOT NULL REFERENCES firms(id) ON DELETE CASCADE,
  product        TEXT NOT NULL,
  star_level     INTEGER NOT NULL CHECK (star_level BETWEEN 1 AND 3),
  certificate_no TEXT NOT NULL,
  valid_until    TEXT NOT NULL
);
CREATE INDEX firm_certifications_by_firm ON firm_certifications (firm_id);

-- Reference data the directory pull keeps current: green products, policies, departments.
CREATE TABLE reference_items (
  kind       TEXT NOT NULL CHECK (kind IN ('green_product', 'policy', 'department')),
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  grp        TEXT NOT NULL DEFAULT '',
  sort       INTEGER NOT NULL DEFAULT 0,
  active     INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (kind, code)
);

-- Every completed revision, kept readable after an amendment.
CREATE TABLE visit_revisions (
  visit_id     TEXT NOT NULL REFERENCES visits(id),
  revision     INTEGER NOT NULL,
  answers      TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  completed_at TEXT NOT NULL,
  PRIMARY KEY (visit_id, revision)
);
INSERT INTO visit_revisions (visit_id, revision, answers, content_hash, completed_at)
  SELECT id, revision, answers, content_hash, completed_at FROM visits WHERE status = 'completed';

CREATE TABLE problems (
  id              TEXT PRIMARY KEY,
  firm_id         TEXT NOT NULL REFERENCES firms(id),
  raised_visit_id TEXT NOT NULL REFERENCES visits(id),
  category        TEXT NOT NULL,
  description     TEXT NOT NULL,
  help_requested  TEXT NOT NULL DEFAULT '',
  department      TEXT NOT NULL DEFAULT '',
  urgency         TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('low', 'normal', 'high')),
  due_date        TEXT,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  resolved_at     TEXT
);
CREATE INDEX problems_by_firm ON problems (firm_id, status);
CREATE INDEX problems_open ON problems (status, due_date);

CREATE TABLE problem_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  problem_id  TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  visit_id    TEXT NOT NULL REFERENCES visits(id),
  revision    INTEGER NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL
);
CREATE INDEX problem_events_by_problem ON problem_events (problem_id, id);

CREATE TABLE attachments (
  id          TEXT PRIMARY KEY,
  visit_id    TEXT NOT NULL REFERENCES visits(id),
  file_name   TEXT NOT NULL,
  stored_name TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX attachments_by_visit ON attachments (visit_id);
`;
