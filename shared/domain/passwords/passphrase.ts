/**
 * The passphrase of a backup written outside the laptop (the copy that must survive the
 * laptop's death). Nobody can reset it — the bureau holds no copy — so the officer sees how
 * strong it is while typing, and a weak one is refused. Strength is an estimate of the bits an
 * attacker must guess, from the length and the kinds of characters; runs of one character and
 * keyboard or counting sequences count once, as a guesser tries them first.
 */
export const PASSPHRASE_MIN_LENGTH = 8;
export const PASSPHRASE_MAX_LENGTH = 200;
/** Bits below which a passphrase is refused (a guesser's years of work on the key derivation). */
export const PASSPHRASE_MIN_BITS = 50;

export type PassphraseLevel = 'weak' | 'fair' | 'strong' | 'veryStrong';

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Characters a guesser must consider for each position, by the kinds present. */
function pool(chars: string[]): number {
  let size = 0;
  if (chars.some((c) => /[a-z]/.test(c))) size += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) size += 26;
  if (chars.some((c) => /[0-9]/.test(c))) size += 10;
  if (chars.some((c) => /[^\w\u3400-\u9fff]/.test(c))) size += 33;
  // A Chinese character: the 3,500 in common use, not all 20,000.
  if (chars.some((c) => /[\u3400-\u9fff]/.test(c))) size += 3500;
  return Math.max(size, 1);
}

/** Characters that add to the guessing: a repeat of the one before, or the next of a sequence, counts nothing. */
function effectiveLength(chars: string[]): number {
  let length = 0;
  for (let i = 0; i < chars.length; i++) {
    const previous = chars[i - 1]?.toLowerCase();
    const current = chars[i]!.toLowerCase();
    const repeats = previous === current;
    const follows = previous !== undefined && SEQUENCES.some((s) => s.includes(previous + current) || s.includes(current + previous));
    if (!repeats && !follows) length++;
  }
  return length;
}

export function passphraseBits(passphrase: string): number {
  const chars = [...passphrase];
  return Math.round(effectiveLength(chars) * Math.log2(pool(chars)));
}

export function passphraseLevel(passphrase: string): PassphraseLevel {
  const bits = passphraseBits(passphrase);
  return bits < PASSPHRASE_MIN_BITS ? 'weak' : bits < 65 ? 'fair' : bits < 90 ? 'strong' : 'veryStrong';
}

/** Why a passphrase cannot protect a backup; null when it may. */
export function passphraseProblem(passphrase: string): 'tooShort' | 'tooLong' | 'weak' | null {
  const length = [...passphrase].length;
  if (length < PASSPHRASE_MIN_LENGTH) return 'tooShort';
  if (length > PASSPHRASE_MAX_LENGTH) return 'tooLong';
  return passphraseLevel(passphrase) === 'weak' ? 'weak' : null;
}
