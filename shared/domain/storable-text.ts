/**
 * Text the central database cannot hold: a NUL character (PostgreSQL text refuses it) or
 * a lone surrogate (jsonb refuses it). The laptop refuses it where it is typed or pasted
 * (the dispatcher, for every method), so it never reaches the outbox, where the server
 * would refuse the whole batch; the server refuses it at its door too (server/text-guard.ts).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const storableText = (text: string): boolean => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

/** The dotted path of the first string (value or key) that cannot be stored, or null. */
export function unstorablePath(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return storableText(value) ? null : path;
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    if (!storableText(key)) return [...path, '?'];
    const found = unstorablePath(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
