/**
 * Reports count each visit's latest completed revision by its visit date. Keeping
 * both as plain indexed columns spares every summary a JSON scan and a correlated
 * MAX(revision) per visit (50,000 visits: seconds → milliseconds). The financing
 * figures are kept beside them for the same reason.
 */
export default /* sql */ `
ALTER TABLE visit_revisions ADD COLUMN visit_date TEXT;
ALTER TABLE visit_revisions ADD COLUMN financing_amount REAL;
ALTER TABLE visit_revisions ADD COLUMN wants_matchmaking INTEGER;
UPDATE visit_revisions SET visit_date = json_extract(answers, '$.visitDate'),
  financing_amount = json_extract(answers, '$.financing.amount'),
  wants_matchmaking = json_extract(answers, '$.financing.wantsMatchmaking');
-- Covering indexes: counting reads these small columns without touching the large answer rows.
CREATE INDEX visit_revisions_by_date ON visit_revisions (visit_date, visit_id, revision, financing_amount, wants_matchmaking);
ALTER TABLE visits ADD COLUMN completed_revision INTEGER;
UPDATE visits SET completed_revision = (SELECT MAX(revision) FROM visit_revisions r WHERE r.visit_id = visits.id);
CREATE INDEX visits_counting ON visits (id, completed_revision, firm_id, kind, officer);
CREATE INDEX problems_by_visit ON problems (raised_visit_id);
`;
