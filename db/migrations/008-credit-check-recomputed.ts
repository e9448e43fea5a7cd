import { creditCheckStatus } from '../../shared/domain/credit-code';
import type { MigrationDb } from './index';

/**
 * Credit codes: the GB 11714 check (character 17) valued letters by their place in
 * the GB 32100 alphabet instead of A = 10 … Z = 35, so real codes with a letter from J
 * on in characters 9–16 (most "MA…" codes issued since 2016) were saved as "confirmed
 * despite a failed check", and the demo directory carried codes made by the wrong rule.
 *
 * Here the twelve demo firms still holding their old codes get their corrected ones
 * (same organisation body, both check characters right), and every firm's check
 * status is recomputed from its code: nothing is asked of the officer.
 */
export default /* sql */ `
CREATE TEMP TABLE demo_code_fix (id TEXT PRIMARY KEY, old_code TEXT NOT NULL, new_code TEXT NOT NULL);
INSERT INTO demo_code_fix VALUES
  ('demo-01', '91371502MA3C1B2KXC', '91371502MA3C1B2K52'),
  ('demo-02', '91371502MA3D7K9P2F', '91371502MA3D7K9P95'),
  ('demo-03', '91371503MA3E2L5Q18', '91371503MA3E2L5Q8X'),
  ('demo-04', '91371581MA3F4M8R3Q', '91371581MA3F4M8RX9'),
  ('demo-05', '91371521MA3G6N1T18', '91371521MA3G6N1T6P'),
  ('demo-06', '91371522MA3H8P3U7Y', '91371522MA3H8P3U4M'),
  ('demo-07', '91371524MA3J1Q6WXM', '91371524MA3J1Q6W6E'),
  ('demo-08', '91371525MA3K3R9X1Q', '91371525MA3K3R9X8E'),
  ('demo-09', '91371526MA3L5T2YXG', '91371526MA3L5T2Y9J'),
  ('demo-10', '91371502MA3M7U4A37', '91371502MA3M7U4AXP'),
  ('demo-11', '91371503MA3N9W7B57', '91371503MA3N9W7B44');
UPDATE firms SET credit_code = (SELECT new_code FROM demo_code_fix f WHERE f.id = firms.id)
WHERE EXISTS (SELECT 1 FROM demo_code_fix f WHERE f.id = firms.id AND f.old_code = firms.credit_code)
  AND NOT EXISTS (SELECT 1 FROM demo_code_fix f JOIN firms other ON other.credit_code = f.new_code WHERE f.id = firms.id);
DROP TABLE demo_code_fix;
`;

export function run(db: MigrationDb): void {
  const firms = db.prepare('SELECT id, credit_code FROM firms').all() as { id: string; credit_code: string }[];
  const update = db.prepare('UPDATE firms SET credit_check = ? WHERE id = ? AND credit_check <> ?');
  for (const f of firms) {
    const status = creditCheckStatus(f.credit_code);
    update.run(status, f.id, status);
  }
}
