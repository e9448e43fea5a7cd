/**
 * A firm change that has left the laptop is frozen: `sent_at` marks it, and a later
 * edit becomes a change of its own instead of being folded into one the server may
 * already have applied (issue 22). Rows pending at the upgrade may have been sent
 * before it, so they count as sent.
 *
 * Visits set aside only because the server failed on them (an outage counted against
 * every item of a batch before this version) go back in the queue once.
 */
export default /* sql */ `
ALTER TABLE firm_outbox ADD COLUMN sent_at TEXT;
UPDATE firm_outbox SET sent_at = created_at WHERE state = 'pending';
UPDATE visits SET sync_state = 'waiting', sync_error = NULL
  WHERE sync_state = 'attention' AND sync_error LIKE 'the server failed on this visit %';
UPDATE outbox SET state = 'pending', attempts = 0, last_error = NULL
  WHERE state = 'quarantined' AND last_error LIKE 'the server failed on this visit %';
`;
