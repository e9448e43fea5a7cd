import { describe, expect, it } from 'vitest';
import { dayNumber, isoOf } from '../../../shared/domain/days';
import { answersSchema } from '../../../shared/domain/answers';
import { DEFAULT_LIMITS, deadlinesOf, limitsOfItems, supervise, type DemandClock } from '../../../shared/domain/demand/deadlines';
import { addWorkingDays, BUILT_IN_CALENDAR, isWorkingDay, workCalendar, workingDaysBetween } from '../../../shared/domain/demand/working-days';
import { stageOf } from '../../../shared/domain/demand/track';
import { moveProblems, type KnownProblem, type MovingVisit } from '../../../shared/domain/problem-state';

const cal = BUILT_IN_CALENDAR;
const add = (from: string, n: number) => isoOf(addWorkingDays(dayNumber(from), n, cal));
const limits = limitsOfItems([]);

describe('working days (the State Council schedules, 国办发明电)', () => {
  it('skips a long holiday and counts its make-up Saturday', () => {
    // 2026 Spring Festival: 2/15 (Sun) – 2/23 (Mon) off, Saturday 2/14 and Saturday 2/28 worked.
    expect(isWorkingDay(dayNumber('2026-02-14'), cal)).toBe(true);
    expect(isWorkingDay(dayNumber('2026-02-16'), cal)).toBe(false);
    expect(isWorkingDay(dayNumber('2026-02-28'), cal)).toBe(true);
    // Handed on Friday 2/13: the 1st working day after is Saturday 2/14 (make-up), the 2nd is Tuesday 2/24.
    expect(add('2026-02-13', 1)).toBe('2026-02-14');
    expect(add('2026-02-13', 2)).toBe('2026-02-24');
    // 15 working days from 2/10 (Tue): 2/11,12,13,14, 24,25,26,27,28, 3/2,3,4,5,6, 3/9.
    expect(add('2026-02-10', 15)).toBe('2026-03-09');
    expect(workingDaysBetween(dayNumber('2026-02-10'), dayNumber('2026-03-09'), cal)).toBe(15);
  });

  it('counts weekends only in a year no calendar covers, across the year boundary', () => {
    // 2026-12-28 (Mon) + 5: 29, 30, 31 Dec, then 2027 — no schedule known: 1 Jan (Fri) counts, 4 Jan (Mon).
    expect(add('2026-12-28', 5)).toBe('2027-01-04');
    const d = deadlinesOf('2026-12-28', DEFAULT_LIMITS, null, cal);
    expect(d.uncovered).toEqual([2027]);
    // With the bureau's 2027 calendar saying 1 Jan is a holiday, the same count moves a day.
    const with2027 = workCalendar([...[...cal.types].map(([day, type]) => ({ date: isoOf(day), type })), { date: '2027-01-01', type: 'holiday' as const }]);
    expect(isoOf(addWorkingDays(dayNumber('2026-12-28'), 5, with2027))).toBe('2027-01-05');
    expect(deadlinesOf('2026-12-28', DEFAULT_LIMITS, null, with2027).uncovered).toEqual([]);
    // Across 2025 → 2026: 12/31 (Wed) + 1 skips the 元旦 holiday (1/1–1/3) and Sunday 1/4 is a make-up day.
    expect(add('2025-12-31', 1)).toBe('2026-01-04');
  });

  it('a deadline handed on a holiday counts from the next working day', () => {
    // Handed on National Day 2026-10-01 (holiday through 10/7; Saturday 10/10 worked): 1st working day is 10/8.
    expect(add('2026-10-01', 1)).toBe('2026-10-08');
    expect(add('2026-10-01', 3)).toBe('2026-10-10');
    const d = deadlinesOf('2026-10-01', DEFAULT_LIMITS, null, cal);
    expect([d.takeUp, d.answer]).toEqual(['2026-10-08', '2026-10-10']);
  });

  it('is the same function for every day of two years, checked against a day-by-day count', () => {
    for (let day = dayNumber('2025-01-01'); day < dayNumber('2026-12-31'); day += 3) {
      let stepped = day;
      for (let n = 0; n < 15; ) if (isWorkingDay(++stepped, cal)) n++;
      expect(addWorkingDays(day, 15, cal)).toBe(stepped);
    }
  });
});

describe('the traffic light', () => {
  const clock = (over: Partial<DemandClock>): DemandClock => ({ status: 'in_progress', urgency: 'normal', handedOn: '2026-11-02', takenUpOn: '2026-11-02', answeredOn: '2026-11-03', resolvedOn: null, extension: null, ...over });
  it('green, yellow at 80 % of the working days to the next deadline, red once it passed', () => {
    // Handed Mon 2026-11-02; resolve in 15 working days → Mon 11-23. 80 % = 12 working days → Wed 11-18.
    expect(supervise(clock({}), limits, cal, '2026-11-17')!.light).toBe('green');
    expect(supervise(clock({}), limits, cal, '2026-11-18')!.light).toBe('yellow');
    expect(supervise(clock({}), limits, cal, '2026-11-23')!.light).toBe('yellow');
    const late = supervise(clock({}), limits, cal, '2026-11-25')!;
    expect([late.light, late.lateDays, late.next]).toEqual(['red', 2, 'resolve']);
    // Not yet taken up: the take-up deadline is the next one (Tue 11-03).
    expect(supervise(clock({ takenUpOn: null, answeredOn: null }), limits, cal, '2026-11-04')!).toMatchObject({ light: 'red', next: 'takeUp' });
    // An extension to 25 working days moves the resolve deadline and the light.
    expect(supervise(clock({ extension: { days: 25 } }), limits, cal, '2026-11-25')!).toMatchObject({ light: 'green', deadlines: { resolve: '2026-12-07', resolveDays: 25 } });
    // Resolved: no light; on time or not, and the working days it took.
    expect(supervise(clock({ status: 'resolved', resolvedOn: '2026-11-24' }), limits, cal, '2026-12-01')!).toMatchObject({ light: null, onTime: false, daysToResolve: 16 });
    expect(supervise(clock({ handedOn: null }), limits, cal, '2026-12-01')).toBeNull();
  });
});

describe('the demand rules (moveProblems)', () => {
  const firmId = 'demo-01';
  const problemId = '0190a000-0000-7000-8000-00000000000a';
  let seq = 0;
  const visit = (kind: string, answers: Record<string, unknown>): MovingVisit => ({ id: `0190a000-0000-7000-8000-0000000001${String(++seq).padStart(2, '0')}`, revision: 1, kind, firmId, officer: '王', answers, completedAt: `${String(answers.visitDate)}T02:00:00.000Z` });
  const apply = (known: Map<string, KnownProblem>, v: MovingVisit) => {
    const changes = moveProblems(v, known);
    for (const [id, k] of changes.changed) known.set(id, k);
    return known.get(problemId)!;
  };
  const update = (u: Record<string, unknown>) => ({ visitDate: '2026-11-10', peopleMet: '王', updates: [{ problemId, status: 'in_progress', note: '推进', ...u }] });

  it('hands, records the department, needs a call-back to resolve, reopens on 不满意 and after 销号', () => {
    const known = new Map<string, KnownProblem>();
    let p = apply(known, visit('diagnosis', { visitDate: '2026-11-02', problems: [{ id: problemId, category: 'financing', description: '贷款', department: '市委金融办', urgency: 'normal', handedOn: '2026-11-02' }] }));
    expect(p.state).toMatchObject({ handedOn: '2026-11-02', department: '市委金融办', status: 'open' });
    expect(stageOf(p.state)).toBe('handed');
    p = apply(known, visit('followup', update({ departmentStep: 'answered', departmentBy: '李科长' })));
    expect(p.state).toMatchObject({ takenUpOn: '2026-11-10', answeredOn: '2026-11-10' });
    expect(p.trail.at(-1)).toMatchObject({ departmentStep: 'answered', departmentBy: '李科长' });
    // The firm is not satisfied: the problem goes back to 办理中, the call-back kept on the trail.
    p = apply(known, visit('followup', update({ status: 'resolved', callback: { how: 'phone', on: '2026-11-10', verdict: 'dissatisfied', note: '利率太高' } })));
    expect(p.state.status).toBe('in_progress');
    expect(p.trail.at(-1)!.callback!.verdict).toBe('dissatisfied');
    p = apply(known, visit('followup', update({ status: 'resolved', callback: { how: 'visit', on: '2026-11-10', verdict: 'satisfied', note: '' } })));
    expect(p.state).toMatchObject({ status: 'resolved', resolvedOn: '2026-11-10', callback: { verdict: 'satisfied' } });
    // Closed for good (the server's 销号), then a new visit takes it up again: the same problem, a new step.
    known.set(problemId, { ...p, state: { ...p.state, closedAt: '2026-11-12T02:00:00.000Z', closedBy: '赵' } });
    expect(stageOf(known.get(problemId)!.state)).toBe('closed');
    p = apply(known, visit('followup', update({ note: '企业反映又出现资金缺口' })));
    expect(p.state).toMatchObject({ status: 'in_progress', closedAt: null, closedBy: null, id: problemId });
    expect(p.trail).toHaveLength(5);
    // Handed again to another department: the clock starts over.
    p = apply(known, visit('followup', update({ department: '市财政局', handedOn: '2026-11-10' })));
    expect(p.state).toMatchObject({ department: '市财政局', handedOn: '2026-11-10', takenUpOn: null, answeredOn: null });
  });

  it('the schema refuses 办结 without a call-back, a call-back after the visit, and a handing without a department', () => {
    const schema = answersSchema('followup', 'complete', '2026-12-31');
    const keys = (answers: unknown) => (schema.safeParse(answers).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(keys(update({ status: 'resolved' }))).toContain('updates.0.callback: validation.callbackRequired');
    expect(keys(update({ status: 'resolved', callback: { how: 'phone', on: '2026-11-11', verdict: 'satisfied' } }))).toContain('updates.0.callback.on: validation.afterVisit');
    expect(keys(update({ handedOn: '2026-11-10' }))).toContain('updates.0.department: validation.departmentRequired');
    expect(keys(update({ status: 'resolved', callback: { how: 'phone', on: '2026-11-10', verdict: 'basic' } }))).toEqual([]);
  });
});
