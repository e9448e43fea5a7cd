/**
 * One bank is one bank (issue 26): a bank typed on a financing step is matched against the
 * bureau's list — its names and the short names people write — so 农行聊城分行 and
 * 中国农业银行聊城分行 count as one in the summary, the report and the workbook. A name the
 * list does not know stays as typed (and is listed for an administrator to map).
 */
export interface BankEntry {
  name: string;
  aliases: readonly string[];
}

/** A comparable form: no spaces or punctuation, full-width letters and digits as half-width, upper case, company suffixes off. */
export function bankKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s·・.,，。()（）【】\-—_]/g, '')
    .replace(/(股份有限公司|有限责任公司|有限公司)/g, '')
    .toUpperCase();
}

export interface BankMatcher {
  /** The list's name of this bank, or null when the list does not know it. */
  canonical(name: string): string | null;
}

export function bankMatcher(banks: readonly BankEntry[]): BankMatcher {
  const byKey = new Map<string, string>();
  // Names first, then aliases: an alias never takes a key a bank's own name holds.
  for (const b of banks) byKey.set(bankKey(b.name), b.name);
  for (const b of banks) for (const alias of b.aliases) if (!byKey.has(bankKey(alias))) byKey.set(bankKey(alias), b.name);
  return { canonical: (name) => byKey.get(bankKey(name)) ?? null };
}

/** The name a step keeps: the list's, or the officer's own words trimmed. */
export function bankNameFor(matcher: BankMatcher, typed: string): string {
  return matcher.canonical(typed) ?? typed.trim();
}

/** A bank's aliases as a list entry's detail carries them (the directory's `detail.aliases`). */
export function aliasesOf(detail: unknown): string[] {
  const aliases = (detail as { aliases?: unknown } | null | undefined)?.aliases;
  return Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string') : [];
}
