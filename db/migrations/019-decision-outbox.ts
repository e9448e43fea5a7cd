/**
 * Supervisors' decisions (issue 27) are queued here, offline or online, and pushed by the sync
 * like visits: each with its own id, so a batch sent again after a lost answer is applied once.
 * `label` is what the review screen shows of the decision while it waits (the firm, the
 * request); `result` the server's answer. Decisions that concern this laptop's user — a
 * declined tier request, a supervisor's later word on one — arrive in `received_decisions`.
 */
export default /* sql */ `
CREATE TABLE decision_outbox (
  id         TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'rejected')),
  result     TEXT,
  attempts   INTEGER NOT NULL DEFAULT 0,
  sent_at    TEXT
);
CREATE INDEX decision_outbox_pending ON decision_outbox (created_at) WHERE state = 'pending';
CREATE TABLE received_decisions (
  id       TEXT PRIMARY KEY,
  kind     TEXT NOT NULL,
  subject  TEXT NOT NULL,
  firm_id  TEXT,
  body     TEXT NOT NULL
);
CREATE INDEX received_decisions_firm ON received_decisions (firm_id);
`;
