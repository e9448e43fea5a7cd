import { describe, expect, it } from 'vitest';
import { cadenceOf, DEFAULT_CADENCE, dueOf } from '../../../shared/domain/cadence';

describe('when an assigned firm is next due (shared by laptop and server)', () => {
  const cadence = { key: 30, cultivated: 60, none: 90 };

  it('counts from the last visit, or — never visited — from the day the officer took the firm over', () => {
    expect(dueOf({ keyTier: 'key', lastVisitDate: '2026-11-20', assignedSince: '2026-01-05' }, cadence, '2026-12-06')).toEqual({ dueDate: '2026-12-20', state: 'onTrack', daysLeft: 14, daysSinceVisit: 16 });
    expect(dueOf({ keyTier: 'none', lastVisitDate: null, assignedSince: '2026-10-01' }, cadence, '2026-12-06')).toEqual({ dueDate: '2026-12-30', state: 'onTrack', daysLeft: 24, daysSinceVisit: null });
  });

  it('is due soon within seven days, and overdue the day after its due date — across a month and a year end', () => {
    expect(dueOf({ keyTier: 'key', lastVisitDate: '2026-11-12', assignedSince: '2026-01-05' }, cadence, '2026-12-06')).toMatchObject({ dueDate: '2026-12-12', state: 'dueSoon', daysLeft: 6 });
    expect(dueOf({ keyTier: 'key', lastVisitDate: '2026-11-06', assignedSince: '2026-01-05' }, cadence, '2026-12-06')).toMatchObject({ dueDate: '2026-12-06', state: 'dueSoon', daysLeft: 0 });
    expect(dueOf({ keyTier: 'cultivated', lastVisitDate: '2026-11-05', assignedSince: '2026-01-05' }, cadence, '2027-01-05')).toMatchObject({ dueDate: '2027-01-04', state: 'overdue', daysLeft: -1, daysSinceVisit: 61 });
  });

  it('reads the bureau’s list, keeping the default for a tier the list lacks or states wrongly', () => {
    expect(cadenceOf([])).toEqual(DEFAULT_CADENCE);
    expect(cadenceOf([{ code: 'key', detail: { days: 14 } }, { code: 'none', detail: { days: 3 } }, { code: 'cultivated', detail: null }, { code: 'other', detail: { days: 20 } }])).toEqual({ ...DEFAULT_CADENCE, key: 14 });
  });
});
