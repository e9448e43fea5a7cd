/**
 * Financing cases (shared/domain/financing.ts): each step a follow-up reports on a
 * financing problem — referred to a bank, the bank's answer, funds received — kept per
 * (problem, reporting visit), the reporting visit's latest revision winning. Derived from
 * completed visits like the problems themselves, on officers' and supervisors' laptops.
 */
export default /* sql */ `
CREATE TABLE financing_steps (
  problem_id  TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  visit_id    TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  bank        TEXT NOT NULL,
  stage       TEXT NOT NULL CHECK (stage IN ('referred', 'approved', 'declined', 'funded')),
  on_date     TEXT NOT NULL,
  amount      REAL,
  rate        REAL,
  term_months INTEGER,
  reason      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (problem_id, visit_id)
);
CREATE INDEX financing_steps_by_visit ON financing_steps (visit_id);
-- The summary reads every step in date order: the index gives that order without a sort.
CREATE INDEX financing_steps_by_date ON financing_steps (on_date, visit_id);
`;
