/**
 * Events the bureau's audit log must hold that happen on the laptop (issue 28): files that
 * leave the app (exports, a backup to an outside folder, a transfer file). Recorded here
 * when they happen, offline or not, and sent by the next sync of any role; each keeps its
 * own id, so a batch sent again after a lost answer is kept once by the server.
 */
export default /* sql */ `
CREATE TABLE audit_outbox (
  id       TEXT PRIMARY KEY,
  at       TEXT NOT NULL,
  action   TEXT NOT NULL,
  counties TEXT,
  detail   TEXT NOT NULL,
  sent_at  TEXT
);
CREATE INDEX audit_outbox_pending ON audit_outbox (at) WHERE sent_at IS NULL;
`;
