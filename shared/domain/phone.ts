/**
 * Chinese phone numbers as firms give them: a mobile (11 digits from 13–19, "+86" allowed), a
 * landline with its area code (0 + 2–3 digits, then 7–8 digits; an extension after "-" or "转"),
 * or a 400/800 service number. Spaces, brackets and dashes between groups are allowed.
 */
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{9,11}$/;
const SERVICE = /^[48]00\d{7}$/;

const digitsOf = (text: string) => text.replace(/[\s()（）-]/g, '');

export function isChinesePhone(raw: string): boolean {
  const whole = digitsOf(raw.trim());
  if (MOBILE.test(whole) || LANDLINE.test(whole) || SERVICE.test(whole)) return true;
  const extension = /^(.+)(?:-|转)\d{1,6}$/.exec(raw.trim());
  return extension !== null && LANDLINE.test(digitsOf(extension[1]!));
}

/**
 * A phone number as lists, the published handbook and exports show it by default (issue 32,
 * the personal-information law): a mobile keeps its first three and last four digits
 * (138****0000), a landline its area code and last two (0635****12), anything else its last two.
 */
export function maskPhone(raw: string): string {
  let digits = raw.replace(/\D/g, '');
  if (digits === '') return raw.trim() === '' ? '' : '****';
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length === 11 && digits.startsWith('1')) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.startsWith('0') && digits.length >= 10) {
    const area = digits[1] === '1' || digits[1] === '2' ? 3 : 4;
    return `${digits.slice(0, area)}****${digits.slice(-2)}`;
  }
  return digits.length > 4 ? `****${digits.slice(-2)}` : '****';
}
