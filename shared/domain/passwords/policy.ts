/**
 * The password rules 等保 2.0 (GB/T 22239-2019, identity authentication) asks for, checked the
 * same way by the server (which decides) and the laptop's form (which says so while typing):
 * at least 10 characters of at least 3 of 4 kinds, not containing the username.
 * Reuse of the last PASSWORD_HISTORY passwords is checked by the server alone (it has them).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const PASSWORD_MIN_KINDS = 3;
/** A new password may not be one of this many last ones (the current one included). */
export const PASSWORD_HISTORY = 5;
/** Days a password lasts unless the server is told otherwise (XUNLIAN_PASSWORD_MAX_AGE_DAYS; 0 = never expires). */
export const DEFAULT_PASSWORD_MAX_AGE_DAYS = 90;

export type PasswordProblem = 'tooShort' | 'tooLong' | 'kinds' | 'containsUsername';

/** Lower-case letters, upper-case letters, digits, anything else (punctuation, CJK, spaces). */
export function passwordKinds(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((kind) => kind.test(password)).length;
}

/** What is wrong with a new password, in the order the form shows it; [] when it may be used. */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('tooShort');
  if (length > PASSWORD_MAX_LENGTH) problems.push('tooLong');
  if (passwordKinds(password) < PASSWORD_MIN_KINDS) problems.push('kinds');
  if (username.length >= 2 && password.toLowerCase().includes(username.toLowerCase())) problems.push('containsUsername');
  return problems;
}

/** Why the server asks for a new password before anything else. */
export type PasswordChangeReason = 'first' | 'reset' | 'expired';
