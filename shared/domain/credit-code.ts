/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters from the alphabet below; character 18 is a mod-31 check over the
 * first 17; characters 9–17 are the GB 11714 organisation code with its own mod-11
 * check. Some legal codes from early pilot regions fail the checks, so a failed check
 * is a warning the officer confirms, while a malformed code is refused.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS_18 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const WEIGHTS_ORG = [3, 7, 9, 10, 5, 8, 4, 2];

export type CreditCodeCheck =
  | { kind: 'malformed' }
  | { kind: 'valid'; divisionCode: string }
  | { kind: 'checkFailed'; divisionCode: string; expected: string };

export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i] ?? '0') * (WEIGHTS_18[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check] ?? '0';
}

export function orgCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ALPHABET.indexOf(first8[i] ?? '0') * (WEIGHTS_ORG[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.trim().toUpperCase();
  if (!CREDIT_CODE_PATTERN.test(code)) return { kind: 'malformed' };
  const divisionCode = code.slice(2, 8);
  const expected = creditCheckChar(code.slice(0, 17));
  const orgOk = orgCheckChar(code.slice(8, 16)) === code[16];
  if (expected !== code[17] || !orgOk) return { kind: 'checkFailed', divisionCode, expected };
  return { kind: 'valid', divisionCode };
}

/** Build a valid code from registration-authority + type (2 chars), division (6) and an 8-char organisation body. */
export function makeCreditCode(prefix2: string, division6: string, orgBody8: string): string {
  const org = orgBody8 + orgCheckChar(orgBody8);
  const first17 = prefix2 + division6 + org;
  return first17 + creditCheckChar(first17);
}
