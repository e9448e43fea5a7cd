import { describe, expect, it } from 'vitest';
import { passphraseBits, passphraseLevel, passphraseProblem } from '../../../shared/domain/passwords/passphrase';

describe('outside-backup passphrase strength', () => {
  it('refuses what a guesser tries first: short, one character repeated, keyboard and counting runs, one kind of character', () => {
    expect(passphraseProblem('Ab1!xyz')).toBe('tooShort');
    expect(passphraseProblem('aaaaaaaaaaaaaaaa')).toBe('weak');
    expect(passphraseProblem('1234567890123')).toBe('weak');
    expect(passphraseProblem('qwertyuiopasdf')).toBe('weak');
    expect(passphraseProblem('password')).toBe('weak');
    expect(passphraseProblem('x'.repeat(201))).toBe('tooLong');
  });

  it('accepts a long mixed phrase, and a few Chinese characters count for more than as many letters', () => {
    expect(passphraseProblem('聊城绿色建材-2026秋')).toBeNull();
    expect(passphraseProblem('correct horse battery staple')).toBeNull();
    expect(passphraseBits('绿色建材聊城')).toBeGreaterThan(passphraseBits('lvsejc'));
    expect(passphraseLevel('Tr0ub4dor&3-Liaocheng-冬')).toBe('veryStrong');
    expect(['weak', 'fair']).toContain(passphraseLevel('monkey12'));
  });

  it('grows with length: each character the guesser cannot predict adds bits', () => {
    const bits = ['k7', 'k7Qm', 'k7Qm#p', 'k7Qm#pZ2'].map(passphraseBits);
    expect(bits).toEqual([...bits].sort((a, b) => a - b));
    expect(new Set(bits).size).toBe(4);
  });
});
