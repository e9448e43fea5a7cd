/**
 * Problems handled as the bureau handles demands (issue 31): the day a problem was handed to
 * its department, the department's steps, the resolution's day and the firm's call-back, a
 * supervisor's extension, 督办 notes and the closing (销号). Each trail step may hand the
 * problem, record the department's step, or carry the call-back. Problems resolved before
 * this version keep their status: resolved without a call-back (counted as 办结, marked so,
 * left out of the satisfaction rate).
 */
export default /* sql */ `
ALTER TABLE problems ADD COLUMN handed_on TEXT;
ALTER TABLE problems ADD COLUMN taken_up_on TEXT;
ALTER TABLE problems ADD COLUMN answered_on TEXT;
ALTER TABLE problems ADD COLUMN resolved_on TEXT;
ALTER TABLE problems ADD COLUMN callback TEXT;
ALTER TABLE problems ADD COLUMN extension TEXT;
ALTER TABLE problems ADD COLUMN supervision TEXT NOT NULL DEFAULT '[]';
ALTER TABLE problems ADD COLUMN closed_at TEXT;
ALTER TABLE problems ADD COLUMN closed_by TEXT;
UPDATE problems SET resolved_on = substr(resolved_at, 1, 10) WHERE status = 'resolved' AND resolved_at IS NOT NULL;
ALTER TABLE problem_events ADD COLUMN handed_to TEXT;
ALTER TABLE problem_events ADD COLUMN department_step TEXT;
ALTER TABLE problem_events ADD COLUMN department_by TEXT;
ALTER TABLE problem_events ADD COLUMN callback TEXT;
CREATE INDEX problems_handed ON problems (handed_on) WHERE handed_on IS NOT NULL AND status != 'resolved';
`;
