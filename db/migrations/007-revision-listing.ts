/**
 * Exports and the report list each visit with its problem count and conclusion (a
 * patrol's summary). A completed revision never changes, so both are copied out of
 * its answers once, here and by insertRevision, and the counting index of
 * migration 005 is widened to cover them: selecting 50,000 visits for an export
 * then reads no answer documents at all (~180 ms → ~80 ms).
 */
export default /* sql */ `
ALTER TABLE visit_revisions ADD COLUMN problem_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit_revisions ADD COLUMN conclusion TEXT NOT NULL DEFAULT '';
UPDATE visit_revisions SET
  problem_count = COALESCE(json_array_length(answers, '$.problems'), 0),
  conclusion = COALESCE(json_extract(answers, '$.conclusion'), json_extract(answers, '$.summary'), '');
DROP INDEX visit_revisions_by_date;
CREATE INDEX visit_revisions_by_date ON visit_revisions (visit_date, visit_id, revision, financing_amount, wants_matchmaking, problem_count, conclusion);
`;
