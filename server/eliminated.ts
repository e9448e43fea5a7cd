import { z } from 'zod';
import { EliminatedEntry, eliminatedEntryOf, eliminatedReference } from '../shared/reference/eliminated-products';
import { audit, operatorActor, type AuditActor } from './audit/audit-log';
import type { DirectoryStore } from './store/directory-store';

/**
 * The bureau's eliminated-products list on the server: imported from a JSON file, kept as
 * reference items of kind `eliminated_product` (so the directory pull carries it to
 * laptops like the other lists), withdrawn entry by entry. Every entry is validated; a
 * file with any bad entry writes nothing.
 */
export class EliminatedListError extends Error {}

/** One source as the reference file lists them under `_meta.sources`. */
const Source = z.object({ id: z.string(), title: z.string(), issuer: z.string().optional(), date: z.string() });

export interface EliminatedImport {
  entries: EliminatedEntry[];
  /** In the operator's words, one per bad entry ("第 3 条（CODE）：sourceDate …"). */
  errors: string[];
}

/**
 * Reads an import file: a JSON array of entries, or `{ entries: [...] }`. An entry's
 * `source` may name one of the file's `_meta.sources` by id (the shape of the
 * reference file shipped with the product); its title, issuer and date are filled in.
 */
export function readEliminatedFile(text: string): EliminatedImport {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new EliminatedListError(`文件不是有效的 JSON（The file is not valid JSON）：${(error as Error).message}`);
  }
  const root = (Array.isArray(json) ? { entries: json } : json) as { entries?: unknown; _meta?: { sources?: unknown } } | null;
  if (!root || !Array.isArray(root.entries)) throw new EliminatedListError('文件应为条目数组，或含 entries 数组的对象（Expected an array of entries or an object with an entries array）。');
  const sources = new Map(z.array(Source).catch([]).parse(root._meta?.sources ?? []).map((s) => [s.id, s]));
  const entries: EliminatedEntry[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  root.entries.forEach((raw, i) => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const source = typeof item.source === 'string' ? sources.get(item.source) : undefined;
    const expanded = source ? { ...item, source: source.title, issuer: item.issuer ?? source.issuer ?? '', sourceDate: item.sourceDate ?? source.date } : item;
    const { category: _editorialCategory, ...rest } = expanded; // the reference file's editorial grouping is not kept
    const parsed = EliminatedEntry.safeParse(rest);
    const label = `第 ${i + 1} 条（${String(item.code ?? '无编号')}）`;
    if (!parsed.success) errors.push(`${label}：${parsed.error.issues.map((issue) => `${issue.path.join('.') || '条目'} ${issue.message}`).join('；')}`);
    else if (seen.has(parsed.data.code)) errors.push(`${label}：编号重复（duplicate code）`);
    else {
      seen.add(parsed.data.code);
      entries.push(parsed.data);
    }
  });
  if (entries.length === 0 && errors.length === 0) throw new EliminatedListError('文件中没有条目（The file has no entries）。');
  return { entries, errors };
}

/** The list as it stands on the server (withdrawn entries included). */
export async function eliminatedList(directory: DirectoryStore): Promise<EliminatedEntry[]> {
  return (await directory.referenceOf('eliminated_product')).flatMap((r) => eliminatedEntryOf(r.detail) ?? []);
}

/** Adds or replaces the entries (by code); entries not in the import stay as they are. New entries go to the end of the list. */
export async function importEliminated(directory: DirectoryStore, entries: readonly EliminatedEntry[], who: AuditActor = operatorActor()): Promise<{ added: number; updated: number }> {
  const current = await directory.referenceOf('eliminated_product');
  const sortOf = new Map(current.map((r) => [r.code, r.sort]));
  let next = Math.max(-1, ...current.map((r) => r.sort)) + 1;
  const items = entries.map((e) => eliminatedReference(e, sortOf.get(e.code) ?? next++));
  const added = entries.filter((e) => !sortOf.has(e.code)).length;
  await directory.upsertReference(items, (tx) => audit(tx, who, { action: 'eliminated.changed', detail: { added, updated: entries.length - added } }));
  return { added, updated: entries.length - added };
}

/** Withdraws (or restores) one entry: laptops stop (or start again) suggesting it at their next pull. */
export async function setEliminatedActive(directory: DirectoryStore, code: string, active: boolean): Promise<EliminatedEntry> {
  const item = (await directory.referenceOf('eliminated_product')).find((r) => r.code === code);
  const entry = item && eliminatedEntryOf(item.detail);
  if (!item || !entry) throw new EliminatedListError(`没有编号为 ${code} 的条目（No entry with code ${code}）。`);
  const changed = { ...entry, active };
  await directory.upsertReference([eliminatedReference(changed, item.sort)], (tx) => audit(tx, operatorActor(), { action: 'eliminated.changed', object: code, detail: { active } }));
  return changed;
}
