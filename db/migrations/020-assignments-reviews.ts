/**
 * 包联 (issue 30): the officer the register names for each firm, as the directory pull brings
 * it. A table of its own, not a column of `firms`: a firm with an edit still queued here keeps
 * the officer's typing, but its officer still follows the register. With it, the day of the
 * firm's latest visit by anyone, as the server knows it; and supervisors' reviews of visits.
 */
export default /* sql */ `
CREATE TABLE firm_officers (
  firm_id  TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  name     TEXT NOT NULL,
  since    TEXT NOT NULL
);
CREATE INDEX firm_officers_username ON firm_officers (username);
-- Every change of a firm's officer (oldest first): the summary counts coverage with the officer in force at the period's end.
CREATE TABLE firm_officer_periods (
  firm_id  TEXT NOT NULL,
  seq      INTEGER NOT NULL,
  since    TEXT NOT NULL,
  username TEXT,
  name     TEXT,
  PRIMARY KEY (firm_id, seq)
);
-- The latest visit day the server knows of (anyone's): a handed-over firm's due date counts from it.
ALTER TABLE firms ADD COLUMN register_last_visit TEXT;
-- Supervisors' reviews of visits as the decision pull brings them (in the server's order), each of one revision.
CREATE TABLE visit_reviews (
  id          TEXT PRIMARY KEY,
  visit_id    TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  verdict     TEXT NOT NULL CHECK (verdict IN ('pass', 'return', 'query')),
  comment     TEXT,
  reviewer    TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  replaced    TEXT
);
CREATE INDEX visit_reviews_visit ON visit_reviews (visit_id, received_at);
-- Pulled again from the start: decisions of kinds this version reads first (reviews) were not sent before.
DELETE FROM settings WHERE key = 'decisions.cursor';
`;
