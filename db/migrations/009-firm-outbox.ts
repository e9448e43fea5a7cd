/**
 * Firms created and edited on the laptop travel to the register like visits: each
 * change is queued in `firm_outbox` in the same transaction as the edit, with the
 * register version it was based on. `register_state` says where the firm stands:
 * local (not yet sent), proposed (waiting for a supervisor), registered, or conflict
 * (an edit waits for a supervisor's decision). `firm_aliases` remembers the laptop's
 * ids that the register merged into one of its own firms.
 *
 * Firms an officer created before this version are queued now, so they reach the
 * register at the next sync.
 */
export default /* sql */ `
ALTER TABLE firms ADD COLUMN register_version TEXT;
ALTER TABLE firms ADD COLUMN register_state TEXT NOT NULL DEFAULT 'registered' CHECK (register_state IN ('local', 'proposed', 'registered', 'conflict'));
CREATE TABLE firm_outbox (
  id         INTEGER PRIMARY KEY,
  change_id  TEXT NOT NULL UNIQUE,
  firm_id    TEXT NOT NULL,
  payload    TEXT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'attention')),
  result     TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX firm_outbox_pending ON firm_outbox (state, id);
CREATE TABLE firm_aliases (
  alias_id  TEXT PRIMARY KEY,
  firm_id   TEXT NOT NULL,
  merged_at TEXT NOT NULL
);
UPDATE firms SET register_state = 'local' WHERE id LIKE 'firm-%';
INSERT INTO firm_outbox (change_id, firm_id, payload, created_at)
SELECT u.change_id, f.id,
  json_object('changeId', u.change_id, 'firmId', f.id, 'baseVersion', NULL, 'creditCode', f.credit_code, 'countyCode', f.county_code,
    'values', json_object('name', f.name, 'address', f.address, 'chainSegment', f.chain_segment, 'categories', json(f.categories), 'contacts', json(f.contacts),
      'certifications', (SELECT json_group_array(json_object('product', c.product, 'starLevel', c.star_level, 'certificateNo', c.certificate_no, 'validUntil', c.valid_until)) FROM firm_certifications c WHERE c.firm_id = f.id)),
    'base', json_object()),
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM firms f
JOIN (SELECT id, lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS change_id FROM firms) u ON u.id = f.id
WHERE f.register_state = 'local';
`;
