import { pinyin } from 'pinyin-pro';

/** Pinyin initials of a Chinese name, lower case (聊城预拌 → lcyb); other letters and digits kept. */
export function pinyinInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^0-9a-z]/g, '');
}
