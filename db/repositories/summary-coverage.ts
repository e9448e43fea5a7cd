import { coverageAt, type Coverage, type CoverageFirm } from '../../shared/domain/cadence';
import type { KeyTier } from '../../shared/domain/firm';
import type { SummaryFilter } from '../../shared/domain/summary';
import type { Db } from '../open';
import { cadenceHere } from './assignments';
import { factsOf } from './summary-fact-store';

/**
 * 包联 coverage at the period's end (the rule in shared/domain/summary.ts, counted by
 * `coverageAt`): the firms the filters select whose officer in force at `to` is someone, each
 * with its latest counted visit on or before `to` — from the same in-memory facts the other
 * figures use (the officer changes are facts too), so a filter change reads nothing again.
 */
export function coverageOf(db: Db, filter: SummaryFilter): Coverage {
  const { firms, visits, passed, assignments } = factsOf(db);
  const to = filter.to;
  // The officer in force at `to`: each firm's last change on or before it (changes are in order per firm).
  const inForce = new Int32Array(firms.county.length).fill(-1);
  for (let k = 0; k < assignments.firm.length; k++) {
    const f = assignments.firm[k]!;
    if (f >= 0 && assignments.since[k]! <= to) inForce[f] = k;
  }
  const selected = (f: number): boolean => {
    const k = inForce[f]!;
    if (k < 0 || assignments.username[k] === null) return false;
    if ((filter.countyCode && firms.county[f] !== filter.countyCode) || (filter.keyTier && firms.keyTier[f] !== filter.keyTier)) return false;
    if (filter.officer !== undefined && assignments.name[k] !== filter.officer && assignments.username[k] !== filter.officer) return false;
    return filter.firmCategory === undefined || firms.categories[f]!.includes(filter.firmCategory);
  };
  // Each firm's latest counted visit on or before `to` (the visit filters apply: kind, passed only).
  const latest: (string | undefined)[] = new Array(firms.county.length);
  const passedAt = filter.passedOnly ? new Set([...passed].map((id) => visits.index.get(id))) : null;
  for (let i = 0; i < visits.date.length; i++) {
    const f = visits.firm[i]!;
    const date = visits.date[i]!;
    if (f < 0 || !date || date > to || inForce[f]! < 0) continue;
    if ((filter.kind && visits.kind[i] !== filter.kind) || (passedAt && !passedAt.has(i))) continue;
    if (latest[f] === undefined || date > latest[f]!) latest[f] = date;
  }
  // The register's latest visit by anyone counts too, unless the filter asks for one kind or for passed visits only.
  const anyVisit = !filter.kind && !filter.passedOnly;
  const counted: CoverageFirm[] = [];
  for (let f = 0; f < firms.county.length; f++) {
    if (!selected(f)) continue;
    const k = inForce[f]!;
    const here = latest[f] ?? null;
    const registered = firms.registerLastVisit[f] ?? null;
    const register = anyVisit && registered !== null && registered <= to ? registered : null;
    counted.push({
      firmId: firms.id[f]!,
      name: firms.name[f]!,
      countyCode: firms.county[f]!,
      keyTier: firms.keyTier[f] as KeyTier,
      officer: assignments.name[k] || assignments.username[k]!,
      since: assignments.since[k]!,
      lastVisit: here !== null && register !== null ? (here > register ? here : register) : (here ?? register),
    });
  }
  return coverageAt(counted, cadenceHere(db), to);
}
