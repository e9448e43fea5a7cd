import { describe, expect, it } from 'vitest';
import { checkCreditCode, makeCreditCode } from '../../../shared/domain/credit-code';
import { currentCountyCode } from '../../../shared/domain/divisions';
import { demoFirms } from '../../../db/demo/demo-firms';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts a published example code with its division', () => {
    // 91350100M000100Y43 is the worked example used in GB 32100 explanations.
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ kind: 'valid', divisionCode: '350100' });
  });

  it('refuses codes of the wrong length or with letters outside the alphabet (I, O, S, V, Z)', () => {
    expect(checkCreditCode('91350100M000100Y4').kind).toBe('malformed');
    expect(checkCreditCode('91350100M000100Y433').kind).toBe('malformed');
    expect(checkCreditCode('91350100M0001O0Y43').kind).toBe('malformed');
    expect(checkCreditCode('').kind).toBe('malformed');
  });

  it('reports a failed check character as a warning with the expected character', () => {
    const result = checkCreditCode('91350100M000100Y44');
    expect(result).toEqual({ kind: 'checkFailed', divisionCode: '350100', expected: '3' });
  });

  it('makes codes that pass both checks', () => {
    const code = makeCreditCode('91', '371502', 'MA3C1B2K');
    expect(code).toHaveLength(18);
    expect(checkCreditCode(code).kind).toBe('valid');
  });

  it('gives every demo firm a valid code whose division is its county', () => {
    for (const firm of demoFirms('2026-01-01T00:00:00Z')) {
      const check = checkCreditCode(firm.creditCode);
      expect(check.kind, firm.name).toBe('valid');
      if (check.kind === 'valid') expect(currentCountyCode(check.divisionCode)).toBe(firm.countyCode);
    }
  });

  it('maps the retired 茌平县 code to 茌平区', () => {
    expect(currentCountyCode('371523')).toBe('371503');
    expect(currentCountyCode('110101')).toBeNull();
  });
});
