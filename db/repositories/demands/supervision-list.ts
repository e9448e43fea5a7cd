import type { ProblemRecord } from '../../../shared/domain/problem';
import { supervise, type Light } from '../../../shared/domain/demand/deadlines';
import type { Db } from '../../open';
import { OPEN_FOR_OFFICER, RESPONSIBLE_SQL, toRecord, type ProblemRow } from '../problems';
import { CLOCK_COLUMNS, clockOf, demandContext, type ClockRow } from './context';

/** The 督办 list's filters (issue 31): county, department, responsible officer, category, and the light. */
export interface SupervisionFilter {
  countyCode?: string | undefined;
  department?: string | undefined;
  officer?: string | undefined;
  category?: string | undefined;
  /** A light, or `unhanded` (raised, not yet handed to a department), or `toClose` (办结, waiting for 销号). */
  light?: Light | 'unhanded' | 'toClose' | undefined;
  limit: number;
  offset: number;
}

export interface SupervisionList {
  items: (ProblemRecord & { countyCode: string })[];
  total: number;
  /** Over the filter without the light: how many of each. */
  counts: { red: number; yellow: number; green: number; unhanded: number; toClose: number };
}



const RANK: Record<Light | 'unhanded' | 'toClose', number> = { red: 0, yellow: 1, green: 2, unhanded: 3, toClose: 4 };

/**
 * Every open demand of the laptop's counties as a supervisor chases them: red (a deadline
 * passed) first, the longest late first, then yellow, green, those not yet handed, and those
 * resolved waiting to be closed. The lights are counted over the filter, then one page is read whole.
 */
export function supervisionList(db: Db, filter: SupervisionFilter, today: string): SupervisionList {
  const clauses = [OPEN_FOR_OFFICER];
  const params: Record<string, string> = {};
  const where = (clause: string, name: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    clauses.push(clause);
    params[name] = value;
  };
  where('f.county_code = @county', 'county', filter.countyCode);
  where('p.department = @department', 'department', filter.department);
  where('p.category = @category', 'category', filter.category);
  where(`${RESPONSIBLE_SQL} = @officer`, 'officer', filter.officer);
  const rows = db
    .prepare(`SELECT p.id, ${CLOCK_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')} FROM problems p JOIN firms f ON f.id = p.firm_id WHERE ${clauses.join(' AND ')}`)
    .all(params) as (ClockRow & { id: string })[];
  const context = demandContext(db);
  const counts = { red: 0, yellow: 0, green: 0, unhanded: 0, toClose: 0 };
  const ranked: { id: string; rank: number; late: number; due: string }[] = [];
  for (const r of rows) {
    const clock = supervise(clockOf(r), context.limits, context.calendar, today);
    const kind = r.status === 'resolved' ? 'toClose' : (clock?.light ?? 'unhanded');
    counts[kind]++;
    if (filter.light && filter.light !== kind) continue;
    ranked.push({ id: r.id, rank: RANK[kind], late: clock?.lateDays ?? 0, due: clock?.next ? clock.deadlines[clock.next] : '9999' });
  }
  ranked.sort((a, b) => a.rank - b.rank || b.late - a.late || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || (a.id < b.id ? -1 : 1));
  const page = ranked.slice(filter.offset, filter.offset + filter.limit).map((r) => r.id);
  const full = db
    .prepare(`SELECT p.*, f.name AS firm_name, f.county_code AS county_code, ${RESPONSIBLE_SQL} AS responsible FROM problems p JOIN firms f ON f.id = p.firm_id WHERE p.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(page)) as (ProblemRow & { responsible: string | null; county_code: string })[];
  const byId = new Map(full.map((r) => [r.id, { ...toRecord(r, today, context), countyCode: r.county_code }]));
  return { items: page.flatMap((id) => byId.get(id) ?? []), total: ranked.length, counts };
}

/** The officer's demands with a supervisor's 督办 note, open ones, newest note first (the home screen's card). */
export function supervisedForOfficer(db: Db, officerName: string, today: string): ProblemRecord[] {
  const rows = db
    .prepare(
      `SELECT p.*, f.name AS firm_name, ${RESPONSIBLE_SQL} AS responsible FROM problems p JOIN firms f ON f.id = p.firm_id
       WHERE p.status != 'resolved' AND p.supervision != '[]' AND ${RESPONSIBLE_SQL} = ? ORDER BY json_extract(p.supervision, '$[#-1].at') DESC LIMIT 50`,
    )
    .all(officerName) as (ProblemRow & { responsible: string | null })[];
  const context = demandContext(db);
  return rows.map((r) => toRecord(r, today, context));
}
