import { coverageAt, type Coverage, type CoverageFirm } from '../../shared/domain/cadence';
import type { KeyTier } from '../../shared/domain/firm';
import type { SummaryFilter } from '../../shared/domain/summary';
import type { Db } from '../open';
import { cadenceHere } from './assignments';
import { factsOf } from './summary-fact-store';

/**
 * 包联 coverage at the period's end (the rule in shared/domain/summary.ts, counted by
 * `coverageAt`): the firms the filters select whose officer in force at `to` is someone, each
 * with its latest counted visit on or before `to` — from the same facts the other figures use.
 */
export function coverageOf(db: Db, filter: SummaryFilter): Coverage {
  const rows = db
    .prepare(
      `SELECT f.id, f.name, f.county_code, f.key_tier, f.register_last_visit, p.username, p.name AS officer, p.since
       FROM firm_officer_periods p JOIN firms f ON f.id = p.firm_id
       WHERE p.seq = (SELECT MAX(q.seq) FROM firm_officer_periods q WHERE q.firm_id = p.firm_id AND q.since <= @to)
         AND p.username IS NOT NULL
         AND (@countyCode IS NULL OR f.county_code = @countyCode)
         AND (@keyTier IS NULL OR f.key_tier = @keyTier)
         AND (@officer IS NULL OR p.name = @officer OR p.username = @officer)
         AND (@firmCategory IS NULL OR EXISTS (SELECT 1 FROM json_each(f.categories) c WHERE c.value = @firmCategory))`,
    )
    .all({ to: filter.to, countyCode: filter.countyCode ?? null, keyTier: filter.keyTier ?? null, officer: filter.officer ?? null, firmCategory: filter.firmCategory ?? null }) as {
    id: string;
    name: string;
    county_code: string;
    key_tier: KeyTier;
    register_last_visit: string | null;
    username: string;
    officer: string | null;
    since: string;
  }[];
  if (rows.length === 0) return coverageAt([], cadenceHere(db), filter.to);
  // Each firm's latest counted visit on or before `to` (the visit filters apply: kind, passed only).
  const { firms, visits, passed } = factsOf(db);
  const latest: (string | undefined)[] = new Array(firms.county.length);
  const passedIds = filter.passedOnly ? new Set([...passed].map((id) => visits.index.get(id))) : null;
  for (let i = 0; i < visits.date.length; i++) {
    const f = visits.firm[i]!;
    const date = visits.date[i]!;
    if (f < 0 || !date || date > filter.to) continue;
    if (filter.kind && visits.kind[i] !== filter.kind) continue;
    if (passedIds && !passedIds.has(i)) continue;
    if (latest[f] === undefined || date > latest[f]!) latest[f] = date;
  }
  // The register's latest visit by anyone counts too, unless the filter asks for one kind or for passed visits only.
  const anyVisit = !filter.kind && !filter.passedOnly;
  const counted: CoverageFirm[] = rows.map((r) => {
    const here = latest[firms.index.get(r.id) ?? -1] ?? null;
    const register = anyVisit && r.register_last_visit && r.register_last_visit <= filter.to ? r.register_last_visit : null;
    return { firmId: r.id, name: r.name, countyCode: r.county_code, keyTier: r.key_tier, officer: r.officer || r.username, since: r.since, lastVisit: here && register ? (here > register ? here : register) : (here ?? register) };
  });
  return coverageAt(counted, cadenceHere(db), filter.to);
}
