import type { FirmFilter } from '../../shared/domain/firm';
import type { Db } from '../open';

/**
 * The in-memory side of firm search: every firm's searchable text and filter
 * fields, in display order (key firms first, then by name). Short queries (1–2
 * characters, which a trigram index cannot serve) and filters are answered here
 * by a linear scan, a millisecond for tens of thousands of firms; longer queries
 * get their candidate set from FTS5 and are ordered and paged here too.
 * Rebuilt lazily after any write to firms (see invalidateFirmIndex).
 */
interface Entry {
  rowid: number;
  text: string;
  county: string;
  keyTier: string;
  zjtx: string;
  categories: string[];
  lastVisit: string | null;
}

const indexes = new WeakMap<Db, Entry[]>();

export function invalidateFirmIndex(db: Db): void {
  indexes.delete(db);
}

function build(db: Db): Entry[] {
  const rows = db
    .prepare(
      `SELECT rowid, name, address, credit_code, initials, county_code, key_tier, zjtx_level, categories, last_visit_date FROM firms
       ORDER BY CASE key_tier WHEN 'key' THEN 0 WHEN 'cultivated' THEN 1 ELSE 2 END, name`,
    )
    .all() as { rowid: number; name: string; address: string; credit_code: string; initials: string; county_code: string; key_tier: string; zjtx_level: string; categories: string; last_visit_date: string | null }[];
  return rows.map((r) => ({
    rowid: r.rowid,
    text: `${r.name}\n${r.address}\n${r.credit_code}\n${r.initials}`.toLowerCase(),
    county: r.county_code,
    keyTier: r.key_tier,
    zjtx: r.zjtx_level,
    categories: JSON.parse(r.categories) as string[],
    lastVisit: r.last_visit_date,
  }));
}

function index(db: Db): Entry[] {
  let entries = indexes.get(db);
  if (!entries) {
    entries = build(db);
    indexes.set(db, entries);
  }
  return entries;
}

/** An FTS5 phrase: the trigram tokenizer matches it as a substring anywhere. */
export function ftsPhrase(q: string): string {
  return `"${q.replace(/"/g, '""')}"`;
}

export function matchFirmRowids(db: Db, filter: FirmFilter, today: string): { rowids: number[]; total: number } {
  const q = (filter.query ?? '').trim().toLowerCase();
  let candidates: Set<number> | null = null;
  if ([...q].length >= 3) {
    const rows = db.prepare('SELECT rowid FROM firms_fts WHERE firms_fts MATCH ?').pluck().all(ftsPhrase(q)) as number[];
    candidates = new Set(rows);
  }
  const cutoff = filter.notVisitedDays ? shiftDate(today, -filter.notVisitedDays) : null;
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? 50;
  const page: number[] = [];
  let total = 0;
  for (const e of index(db)) {
    if (candidates ? !candidates.has(e.rowid) : q && !e.text.includes(q)) continue;
    if (filter.countyCode && e.county !== filter.countyCode) continue;
    if (filter.keyTier && e.keyTier !== filter.keyTier) continue;
    if (filter.zjtxLevel && e.zjtx !== filter.zjtxLevel) continue;
    if (filter.category && !e.categories.includes(filter.category)) continue;
    if (cutoff && e.lastVisit && e.lastVisit >= cutoff) continue;
    if (total >= offset && page.length < limit) page.push(e.rowid);
    total++;
  }
  return { rowids: page, total };
}

export function shiftDate(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
