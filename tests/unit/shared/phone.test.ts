import { describe, expect, it } from 'vitest';
import { Contact } from '../../../shared/domain/firm';
import { isChinesePhone, maskPhone } from '../../../shared/domain/phone';
import { parseRegisterRow } from '../../../shared/register/row';

describe('phone numbers (issue 25)', () => {
  it('takes mobiles, landlines with area code and extension, and 400/800 numbers, as people write them', () => {
    for (const phone of ['13812345678', '138 1234 5678', '+86 138-1234-5678', '0635-8123456', '(0635) 8123456', '010-12345678', '0635-8123456-801', '0635-8123456转801', '400-123-4567', '800 123 4567']) expect(isChinesePhone(phone), phone).toBe(true);
    for (const phone of ['abc电话😀', '12345', '0635-812', '23812345678', '138123456789', '8123456']) expect(isChinesePhone(phone), phone).toBe(false);
  });

  it('refuses a wrong one in the firm form with its own message, and warns of it in the register import', () => {
    expect(Contact.safeParse({ name: '王建国', role: '', phone: '' }).success).toBe(true);
    const bad = Contact.safeParse({ name: '王建国', role: '', phone: 'abc电话😀' });
    expect(bad.success ? null : bad.error.issues[0]!.message).toBe('validation.phone');
    const row = parseRegisterRow({ name: '聊城预拌混凝土有限公司', creditCode: '91371502MA3C1B2K52', county: '东昌府区', segment: '中游', keyTier: '重点企业', zjtx: '无', contact: '王建国', phone: '电话待补' });
    expect(row.record).not.toBeNull();
    expect(row.warnings).toContainEqual({ code: 'register.problem.phone', value: '电话待补' });
  });
});

describe('a credit code while it is typed (issue 25)', () => {
  it('names the letter a code never uses and its place, or counts the characters', async () => {
    const { creditCodeTypingProblem } = await import('../../../shared/domain/credit-code');
    expect(creditCodeTypingProblem('91371502MA3C1B2KO2')).toEqual({ key: 'validation.creditBadChar', position: 17, char: 'O' });
    expect(creditCodeTypingProblem('913715')).toEqual({ key: 'validation.creditLength', count: 6 });
    expect(creditCodeTypingProblem('91371502ma3c1b2k52')).toBeNull(); // lower case is upper-cased
    expect(creditCodeTypingProblem('')).toBeNull();
  });

  it('masks a number where it is not needed (issue 32): a mobile keeps 3 + 4 digits, a landline its area code and 2', () => {
    expect(['13812345678', '+86 138-1234-5678', '0635-8123456', '010-12345678', '(0635) 8123456转801', '400-123-4567', '12', ''].map(maskPhone)).toEqual([
      '138****5678',
      '138****5678',
      '0635****56',
      '010****78',
      '0635****01',
      '****67',
      '****',
      '',
    ]);
    // Never the middle digits, whatever the number.
    for (const phone of ['13812345678', '0635-8123456', '4001234567']) expect(maskPhone(phone)).not.toContain(phone.replace(/\D/g, '').slice(3, 7));
  });
});
