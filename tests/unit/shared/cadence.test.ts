import { describe, expect, it } from 'vitest';
import { cadenceOf, coverageAt, DEFAULT_CADENCE, dueOf } from '../../../shared/domain/cadence';

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

describe('包联 coverage at a period end', () => {
  it('counts a firm covered exactly when the due list would not call it overdue that day', () => {
    const cadence = { key: 30, cultivated: 60, none: 90 };
    const firm = (name: string, keyTier: 'key' | 'cultivated' | 'none', lastVisit: string | null, since = '2026-01-05', officer = '王建国') => ({ firmId: name, name, countyCode: '371502', keyTier, officer, since, lastVisit });
    const firms = [firm('甲', 'key', '2026-11-01'), firm('乙', 'key', '2026-10-31'), firm('丙', 'cultivated', null, '2026-10-15', '李红'), firm('丁', 'none', null, '2026-01-05', '李红')];
    const coverage = coverageAt(firms, cadence, '2026-11-30');
    for (const f of firms) expect(coverage.overdue.some((o) => o.firmId === f.firmId)).toBe(dueOf({ keyTier: f.keyTier, lastVisitDate: f.lastVisit, assignedSince: f.since }, cadence, '2026-11-30').state === 'overdue');
    // 乙 is due on the day itself (not overdue); 丙 was taken over in October and is not due yet; 丁 was never visited.
    expect([coverage.assigned, coverage.covered]).toEqual([4, 3]);
    expect(Object.fromEntries(coverage.byOfficer)).toEqual({ 王建国: { assigned: 2, covered: 2 }, 李红: { assigned: 2, covered: 1 } });
    expect(coverage.overdue).toEqual([{ firmId: '丁', name: '丁', countyCode: '371502', officer: '李红', lastVisit: null, dueDate: '2026-04-05', daysOverdue: 239 }]);
  });
});
