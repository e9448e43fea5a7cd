/**
 * 包联 (issue 30): the officer the register names for each firm, as the directory pull brings
 * it. A table of its own, not a column of `firms`: a firm with an edit still queued here keeps
 * the officer's typing, but its officer still follows the register. With it, the day of the
 * firm's latest visit by anyone, as the server knows it.
 */
export default /* sql */ `
CREATE TABLE firm_officers (
  firm_id  TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  name     TEXT NOT NULL,
  since    TEXT NOT NULL
);
CREATE INDEX firm_officers_username ON firm_officers (username);
-- The latest visit day the server knows of (anyone's): a handed-over firm's due date counts from it.
ALTER TABLE firms ADD COLUMN register_last_visit TEXT;
`;
