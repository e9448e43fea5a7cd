/**
 * The workbook's 走访 sheet shows each diagnosis's figures (issue 26): output, revenue,
 * taxes, employees, R&D spend and staff, the three patent counts, and how many certified
 * products it recorded. A completed revision never changes, so they are copied out of its
 * answers once — here, and by insertRevision — as `[…nine values…]:count` (diagnosisFigures
 * in db/repositories/summary-counted.ts reads it), and the counting index covers the column:
 * an export reads no answer documents (reading them cost ~160 ms per 50,000 visits).
 */
export default /* sql */ `
ALTER TABLE visit_revisions ADD COLUMN figures TEXT;
UPDATE visit_revisions SET figures =
  json_extract(answers, '$.operations.outputValue', '$.operations.revenue', '$.operations.taxes', '$.operations.employees',
    '$.rnd.spend', '$.rnd.staff', '$.rnd.inventionPatents', '$.rnd.utilityPatents', '$.rnd.designPatents') || ':' || COALESCE(json_array_length(answers, '$.green.certified'), 0)
  WHERE visit_id IN (SELECT id FROM visits WHERE kind = 'diagnosis');
DROP INDEX visit_revisions_by_date;
CREATE INDEX visit_revisions_by_date ON visit_revisions (visit_date, visit_id, revision, financing_amount, wants_matchmaking, problem_count, conclusion, figures);
`;
