import { describe, expect, it } from 'vitest';
import { median, resolutionRate } from '../../../shared/domain/summary';

describe('summary rules', () => {
  it('takes the median of a tally, in any order, the mean of the middle two for an even count', () => {
    expect(median([])).toBeNull();
    expect(median([{ value: 9, count: 0 }])).toBeNull();
    expect(median([{ value: 20, count: 1 }])).toBe(20);
    expect(median([{ value: 30, count: 1 }, { value: 10, count: 2 }])).toBe(10); // 10 10 30
    expect(median([{ value: 40, count: 2 }, { value: 10, count: 2 }])).toBe(25); // 10 10 40 40
    expect(median([{ value: 5, count: 3 }, { value: 7, count: 1 }, { value: 1, count: 1 }])).toBe(5); // 1 5 5 5 7
  });

  it('gives no resolution rate without problems and rounds it to a tenth of a percent', () => {
    expect(resolutionRate(0, 0)).toBeNull();
    expect(resolutionRate(1, 3)).toBe(0.333);
  });
});
