/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015. Two checks, each with
 * its own alphabet (see ../shared/reference/README.md):
 *
 * - Character 18 is a mod-31 check over characters 1–17, each valued by its place in
 *   the 31-character GB 32100 alphabet below (no I, O, S, V, Z), weights 3^(i−1) mod 31.
 * - Characters 9–17 are the GB 11714 organisation code: character 17 is a mod-11 check
 *   over characters 9–16, whose letters are valued by the *full Latin alphabet*
 *   (A = 10 … Z = 35, digits as themselves) — not by their GB 32100 place. The two
 *   valuations agree only up to H, so valuing J… by GB 32100 place flags most "MA…"
 *   codes issued since 2016 as failing.
 *
 * A code is valid only when both checks pass. Some legal codes from early pilot regions
 * fail a check, so a failed check is a warning the officer confirms, while a code that
 * does not fit the pattern is refused.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS_18 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const WEIGHTS_ORG = [3, 7, 9, 10, 5, 8, 4, 2];

export type CreditCodeCheck =
  | { kind: 'malformed' }
  | { kind: 'valid'; divisionCode: string }
  | {
      kind: 'checkFailed';
      divisionCode: string;
      /** Which check failed: GB 11714's (character 17) or GB 32100's (character 18). */
      failed: 'org' | 'code';
      /** What the failed check characters should be: character 18, or characters 17–18 when 17 is wrong. */
      expected: string;
    };

export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** GB 32100: the 18th character for the first 17. */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i] ?? '0') * (WEIGHTS_18[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check] ?? '0';
}

/** GB 11714 value of one character: digits as themselves, letters A = 10 … Z = 35. */
function orgValue(char: string): number {
  const code = char.charCodeAt(0);
  return code >= 48 && code <= 57 ? code - 48 : code - 55;
}

/** GB 11714: the organisation code's check character (code character 17) for its 8-character body. */
export function orgCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(first8[i] ?? '0') * (WEIGHTS_ORG[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * What is wrong with a credit code while it is typed, before it is whole: a character the code
 * never uses (named, with its place), or how many of the 18 are there. Null when nothing is.
 */
export function creditCodeTypingProblem(raw: string): { key: 'validation.creditBadChar'; position: number; char: string } | { key: 'validation.creditLength'; count: number } | null {
  const code = raw.trim().toUpperCase();
  const bad = [...code].findIndex((c) => !/[0-9A-HJ-NPQRTUWXY]/.test(c));
  if (bad >= 0) return { key: 'validation.creditBadChar', position: bad + 1, char: [...code][bad]! };
  if (code.length > 0 && code.length !== 18) return { key: 'validation.creditLength', count: code.length };
  return null;
}

export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.trim().toUpperCase();
  if (!CREDIT_CODE_PATTERN.test(code)) return { kind: 'malformed' };
  const divisionCode = code.slice(2, 8);
  const orgCheck = orgCheckChar(code.slice(8, 16));
  if (orgCheck !== code[16]) {
    // With character 17 corrected, character 18 must be recomputed too.
    const first17 = code.slice(0, 16) + orgCheck;
    return { kind: 'checkFailed', divisionCode, failed: 'org', expected: orgCheck + creditCheckChar(first17) };
  }
  const expected = creditCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return { kind: 'checkFailed', divisionCode, failed: 'code', expected };
  return { kind: 'valid', divisionCode };
}

/** The firm's stored check status: a code that fails a check was saved only after the officer confirmed it. */
export function creditCheckStatus(code: string): 'valid' | 'confirmed' {
  return checkCreditCode(code).kind === 'valid' ? 'valid' : 'confirmed';
}

/** Build a valid code from registration-authority + type (2 chars), division (6) and an 8-char organisation body. */
export function makeCreditCode(prefix2: string, division6: string, orgBody8: string): string {
  const org = orgBody8 + orgCheckChar(orgBody8);
  const first17 = prefix2 + division6 + org;
  return first17 + creditCheckChar(first17);
}
