import i18next from 'i18next';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/i18n/en';
import { zhCN } from '../../../shared/i18n/zh-CN';
import { issuesToFields, issueToKey } from '../../../shared/domain/validation-keys';

const i18n = i18next.createInstance();
await i18n.init({ lng: 'en', fallbackLng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, interpolation: { escapeValue: false } });

/** Every key path of a catalogue. */
function keys(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('the catalogues read as their language', () => {
  it('English counts in the singular and the plural; Chinese in one form', () => {
    const en1 = (key: string, count: number) => i18n.t(key, { lng: 'en', count, date: '2026-12-06' });
    expect([en1('certificates.days', 1), en1('certificates.days', 30)]).toEqual(['1 day', '30 days']);
    expect([en1('certificates.expiredAgo', 1), en1('firms.total', 1), en1('visits.total', 2)]).toEqual(['expired 1 day ago', '1 firm', '2 visits']);
    expect([en1('handbook.stars', 1), en1('handbook.stars', 3)]).toEqual(['1 star', '3 stars']);
    expect(i18n.t('certificates.days', { lng: 'zh-CN', count: 1 })).toBe('1 天');
    expect(i18n.t('visits.total', { lng: 'zh-CN', count: 12 })).toBe('共 12 条');
  });

  it('has a plural form for every singular, in both catalogues, and the same keys in both', () => {
    for (const catalogue of [en, zhCN]) {
      const all = new Set(keys(catalogue));
      const orphans = [...all].filter((k) => k.endsWith('_one') && !all.has(`${k.slice(0, -4)}_other`));
      expect(orphans).toEqual([]);
    }
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('names the urgency levels alike: 一般 / 较急 / 紧急 are Normal / Pressing / Urgent', () => {
    expect([zhCN.urgency.low, zhCN.urgency.normal, zhCN.urgency.high]).toEqual(['一般', '较急', '紧急']);
    expect([en.urgency.low, en.urgency.normal, en.urgency.high]).toEqual(['Normal', 'Pressing', 'Urgent']);
  });
});

describe('input messages', () => {
  it('an empty required text is required (必填), not too short; a short one is too short', () => {
    const name = z.object({ name: z.string().trim().min(2).max(100) });
    const fields = (value: string) => issuesToFields(name.safeParse({ name: value }, { error: issueToKey }).error!.issues);
    expect(fields('')).toEqual({ name: 'validation.required' });
    expect(fields('   ')).toEqual({ name: 'validation.required' });
    expect(fields('聊')).toEqual({ name: 'validation.tooShort' });
    expect(fields('x'.repeat(101))).toEqual({ name: 'validation.tooLong' });
    expect([zhCN.validation.required, en.validation.required]).toEqual(['必填', 'Required']);
  });

  it('names the limit and the count, in both languages (the fields keep what was typed and say this)', () => {
    const say = (lng: string, key: string, options: Record<string, unknown>) => i18n.t(key, { lng, ...options });
    expect(say('zh-CN', 'validation.tooLongMax', { max: 50, count: 63 })).toBe('最多 50 个字，现有 63 个字');
    expect(say('en', 'validation.tooLongMax', { max: 50, count: 63 })).toBe('At most 50 characters; this has 63');
    expect([say('zh-CN', 'validation.atLeast', { min: 0 }), say('zh-CN', 'validation.atMost', { max: 100 }), say('zh-CN', 'validation.wholeNumber', {})]).toEqual(['不能小于 0', '不能大于 100', '须为整数']);
    expect([say('en', 'validation.atLeast', { min: 0 }), say('en', 'validation.atMost', { max: 100 }), say('en', 'validation.wholeNumber', {})]).toEqual(['Must be at least 0', 'Must be at most 100', 'Must be a whole number']);
    expect([say('en', 'validation.decimals', { count: 1 }), say('en', 'validation.decimals', { count: 2 })]).toEqual(['At most 1 decimal place', 'At most 2 decimal places']);
  });

  it('says what is wrong with a new password by rule, in both languages', () => {
    for (const problem of ['tooShort', 'kinds', 'containsUsername', 'reused', 'currentWrong'] as const) {
      expect(zhCN.password[problem].length, problem).toBeGreaterThan(4);
      expect(en.password[problem].length, problem).toBeGreaterThan(10);
    }
    expect(zhCN.password.tooShort).toContain('10');
    expect(en.password.tooShort).toContain('10');
  });
});
