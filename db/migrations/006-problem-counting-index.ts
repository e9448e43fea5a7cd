/**
 * Summary figures read four small columns of every problem (db/repositories/summary-facts.ts)
 * and exports find a visit's problems by raised_visit_id. One covering index on
 * (raised visit, category, status, resolved at) serves both without touching the
 * problem rows and their long descriptions; it starts with the column of
 * problems_by_visit, which it replaces.
 */
export default /* sql */ `
CREATE INDEX problems_counting ON problems (raised_visit_id, category, status, resolved_at);
DROP INDEX problems_by_visit;
`;
