import { describe, expect, it } from 'vitest';
import { standingAfter, type BankStanding, type FinancingStage } from '../../../shared/domain/financing';

const standing = (steps: [FinancingStage, string, number | null][]): BankStanding | undefined =>
  steps.reduce<BankStanding | undefined>((s, [stage, on, amount]) => standingAfter(s, { stage, on, amount }), undefined);

describe("a case's standing with one bank", () => {
  it('counts the latest answer, not the sum of answers: approved twice is the second amount', () => {
    expect(standing([['referred', '2026-01-01', null], ['approved', '2026-01-10', 300], ['approved', '2026-01-20', 200]])).toMatchObject({ approved: 200, decidedOn: '2026-01-20' });
  });
  it('a decline takes an approval back, and a later approval gives it again', () => {
    expect(standing([['approved', '2026-01-10', 300], ['declined', '2026-01-20', null]])).toMatchObject({ approved: 0, stage: 'declined' });
    expect(standing([['declined', '2026-01-10', null], ['approved', '2026-01-20', 150]])).toMatchObject({ approved: 150, stage: 'approved' });
  });
  it('adds tranches of funds, and keeps what was received through a later decline', () => {
    expect(standing([['approved', '2026-01-10', 300], ['funded', '2026-01-15', 100], ['funded', '2026-01-25', 120]])).toMatchObject({ received: 220, approved: 300 });
    expect(standing([['approved', '2026-01-10', 300], ['funded', '2026-01-15', 100], ['declined', '2026-02-01', null]])).toMatchObject({ received: 100, approved: 0 });
  });
});
