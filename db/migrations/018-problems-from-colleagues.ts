/**
 * Officers receive the problems of their counties' firms that colleagues raised and moved
 * (issue 27). Such a problem's raising visit, and the visits of its trail, are not on this
 * laptop, so the references to `visits` go (the firm's stays), and each trail step keeps
 * what the screen shows of the visit that made it: who recorded it, its day, its kind and
 * an event's title — copied here for the steps already kept.
 */
export default /* sql */ `
CREATE TABLE problems_new (
  id              TEXT PRIMARY KEY,
  firm_id         TEXT NOT NULL REFERENCES firms(id),
  raised_visit_id TEXT NOT NULL,
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
INSERT INTO problems_new SELECT id, firm_id, raised_visit_id, category, description, help_requested, department, urgency, due_date, status, created_at, updated_at, resolved_at FROM problems;

CREATE TABLE problem_events_new (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  problem_id  TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  visit_id    TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL,
  officer     TEXT,
  visit_date  TEXT,
  visit_kind  TEXT,
  event_title TEXT
);
INSERT INTO problem_events_new (id, problem_id, visit_id, revision, from_status, to_status, note, at, officer, visit_date, visit_kind, event_title)
  SELECT e.id, e.problem_id, e.visit_id, e.revision, e.from_status, e.to_status, e.note, e.at, v.officer,
    (SELECT r.visit_date FROM visit_revisions r WHERE r.visit_id = e.visit_id AND r.revision = e.revision), v.kind,
    CASE WHEN v.kind = 'event' THEN json_extract(v.answers, '$.title') END
  FROM problem_events e LEFT JOIN visits v ON v.id = e.visit_id;

DROP TABLE problem_events;
DROP TABLE problems;
ALTER TABLE problems_new RENAME TO problems;
ALTER TABLE problem_events_new RENAME TO problem_events;
CREATE INDEX problems_by_firm ON problems (firm_id, status);
CREATE INDEX problems_open ON problems (status, due_date);
CREATE INDEX problems_counting ON problems (raised_visit_id, category, status, resolved_at);
CREATE INDEX problem_events_by_problem ON problem_events (problem_id, id);
CREATE INDEX problem_events_by_visit ON problem_events (visit_id);
`;
