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
