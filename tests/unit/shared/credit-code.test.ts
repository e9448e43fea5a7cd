import { describe, expect, it } from 'vitest';
import { checkCreditCode } from '../../../shared/domain/credit-code';
import { currentCountyCode } from '../../../shared/domain/divisions';
import { demoFirms } from '../../../db/demo/demo-firms';

/**
 * Real, published unified social credit codes of existing organisations, copied from
 * where each was published (not produced by our code). Those marked "J–Z" carry a
 * letter from J on in characters 9–16, where valuing letters by their GB 32100 place
 * instead of A = 10 … Z = 35 (GB 11714) breaks the organisation-code check.
 */
const PUBLISHED: { code: string; holder: string; source: string; lettersJtoZ?: true }[] = [
  { code: '91350100M000100Y43', holder: 'GB 32100 worked example', source: 'the example code in the standard\'s explanations (福州, 350100)', lettersJtoZ: true },
  { code: '914403001922038216', holder: '华为技术有限公司', source: 'business licence as shown on the national enterprise credit information publicity system' },
  { code: '9144030071526726XG', holder: '腾讯科技（深圳）有限公司', source: 'business licence as shown on the national enterprise credit information publicity system' },
  { code: '91330100799655058B', holder: '阿里巴巴（中国）有限公司', source: 'business licence as shown on the national enterprise credit information publicity system' },
  { code: '91110108551385082Q', holder: '小米科技有限责任公司', source: 'business licence as shown on the national enterprise credit information publicity system' },
  { code: '911101017967003199', holder: '北京中油瑞飞信息技术有限责任公司', source: 'invoice details (纳税人识别码) published in the company\'s own procurement platform source' },
  { code: '91320500660092764Q', holder: '固丝德夫沃夫钢绳（苏州）有限公司', source: 'invoicing details (开票资料) in a published training-course ledger' },
  { code: '91310110666007217T', holder: 'a Shanghai 杨浦 enterprise', source: 'Hutool CreditCodeUtilTest (a real code used as its valid example)' },
  { code: '91310115591693856A', holder: 'a Shanghai 浦东 enterprise', source: 'Hutool CreditCodeUtilTest' },
  { code: '91330201MA282UF146', holder: '宁波安联检测有限公司', source: 'the inspection body\'s registration constants in its published reporting client', lettersJtoZ: true },
  { code: '91330401MA28ADM67R', holder: '嘉兴安联检测技术服务有限公司', source: 'the same published reporting client', lettersJtoZ: true },
  { code: '91370000MA3CHMDJ4D', holder: '鲁南高速铁路有限公司', source: 'a published list of Shandong state-owned enterprises (uniformSocialCreditCode)', lettersJtoZ: true },
  { code: '91110108MA009FC62W', holder: '北京极客伙伴科技有限公司', source: 'the company\'s invoicing details (企业税号) published with its address and bank', lettersJtoZ: true },
  { code: '91510113MA6BR99H6P', holder: '成都优嘉贝帝建材有限公司', source: 'the building-materials firm\'s invoicing details (税号) on its published order page', lettersJtoZ: true },
  { code: '91230103MA1CM7L37M', holder: '黑龙江速达商贸有限公司', source: 'invoice request sample (抬头/税号) in a published invoicing tool', lettersJtoZ: true },
  { code: '91320506MA1T956B6N', holder: 'a Suzhou 吴中 supplier', source: 'the supplier\'s tax number in a published sales contract', lettersJtoZ: true },
];

/** Replace one character with another of the GB 32100 alphabet. */
function withChar(code: string, index: number, replacement: string): string {
  return code.slice(0, index) + replacement + code.slice(index + 1);
}

describe('unified social credit code (GB 32100-2015 with the GB 11714 organisation check)', () => {
  it.each(PUBLISHED)('accepts the published code $code ($holder)', ({ code }) => {
    expect(checkCreditCode(code)).toEqual({ kind: 'valid', divisionCode: code.slice(2, 8) });
  });

  it('covers codes whose organisation part has letters from J to Z', () => {
    const withLateLetters = PUBLISHED.filter((p) => /[J-Z]/.test(p.code.slice(8, 16)));
    expect(withLateLetters.length).toBeGreaterThanOrEqual(6);
    expect(withLateLetters.every((p) => p.lettersJtoZ)).toBe(true);
  });

  it('is case- and space-tolerant, as officers type', () => {
    expect(checkCreditCode(' 91370000ma3chmdj4d ').kind).toBe('valid');
  });

  it('fails the check when any single character is changed', () => {
    // Every position of every published code, each changed to two other characters:
    // none of the changed codes may pass (both checks together catch any single change).
    for (const { code } of PUBLISHED) {
      for (let i = 0; i < 18; i++) {
        for (const replacement of ['0', '7', 'A', 'K', 'W']) {
          if (code[i] === replacement) continue;
          const changed = withChar(code, i, replacement);
          expect(checkCreditCode(changed).kind, changed).not.toBe('valid');
        }
      }
    }
  });

  it('names the failed check and what the check characters should be', () => {
    // Character 18 changed: the GB 32100 check fails; character 17 is still right.
    expect(checkCreditCode('91370000MA3CHMDJ4E')).toEqual({ kind: 'checkFailed', divisionCode: '370000', failed: 'code', expected: 'D' });
    // Character 17 changed: the GB 11714 check fails, and 17–18 should read "4D".
    expect(checkCreditCode('91370000MA3CHMDJ5D')).toEqual({ kind: 'checkFailed', divisionCode: '370000', failed: 'org', expected: '4D' });
    // An organisation-part letter changed (J → K): character 17 no longer matches.
    expect(checkCreditCode('91370000MA3CHMDK4D')).toMatchObject({ kind: 'checkFailed', failed: 'org' });
  });

  it('reports a real early pilot-region code that fails its check as a warning, not malformed', () => {
    // 91350211M00013FA1N: a legal code issued early in the Xiamen pilot (cited as such by Hutool's tests).
    expect(checkCreditCode('91350211M00013FA1N')).toMatchObject({ kind: 'checkFailed', failed: 'code', divisionCode: '350211' });
  });

  it('refuses codes of the wrong length or with letters outside the alphabet (I, O, S, V, Z)', () => {
    expect(checkCreditCode('91350100M000100Y4').kind).toBe('malformed');
    expect(checkCreditCode('91350100M000100Y433').kind).toBe('malformed');
    expect(checkCreditCode('91350100M0001O0Y43').kind).toBe('malformed');
    expect(checkCreditCode('91370000MA3CHMDZ4D').kind).toBe('malformed');
    expect(checkCreditCode('').kind).toBe('malformed');
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
