import type { FirmOfficer, FirmOfficerPeriod } from '../../shared/api/sync-protocol';
import { CADENCE_KIND, cadenceOf, dayNumberOf, dueOf, type Cadence, type Due } from '../../shared/domain/cadence';
import type { FirmSummary, KeyTier } from '../../shared/domain/firm';
import type { Db } from '../open';
import { statement } from '../statements';

/** The register's officer for a firm, as pulled (null: none); `undefined` from an older server leaves it as it was. */
export function setFirmOfficer(db: Db, firmId: string, officer: FirmOfficer | null | undefined): void {
  if (officer === undefined) return;
  if (officer === null) statement(db, 'DELETE FROM firm_officers WHERE firm_id = ?').run(firmId);
  else
    statement(db, 'INSERT INTO firm_officers (firm_id, username, name, since) VALUES (?, ?, ?, ?) ON CONFLICT (firm_id) DO UPDATE SET username = excluded.username, name = excluded.name, since = excluded.since').run(
      firmId,
      officer.username,
      officer.name,
      officer.since,
    );
}

/** The firm's officer changes as pulled (replacing what was kept); `undefined` from an older server leaves them. */
export function setFirmOfficerPeriods(db: Db, firmId: string, periods: readonly FirmOfficerPeriod[] | undefined): void {
  if (periods === undefined) return;
  statement(db, 'DELETE FROM firm_officer_periods WHERE firm_id = ?').run(firmId);
  const insert = statement(db, 'INSERT INTO firm_officer_periods (firm_id, seq, since, username, name) VALUES (?, ?, ?, ?, ?)');
  periods.forEach((p, seq) => insert.run(firmId, seq, p.since, p.username, p.name));
}

export function firmOfficer(db: Db, firmId: string): FirmOfficer | null {
  return (statement(db, 'SELECT username, name, since FROM firm_officers WHERE firm_id = ?').get(firmId) as FirmOfficer | undefined) ?? null;
}

/** The bureau's visit cadence as last pulled (the defaults until the server sends one). */
export function cadenceHere(db: Db): Cadence {
  const rows = statement(db, 'SELECT code, detail FROM reference_items WHERE kind = ? AND active = 1').all(CADENCE_KIND) as { code: string; detail: string | null }[];
  return cadenceOf(rows.map((r) => ({ code: r.code, detail: r.detail ? (JSON.parse(r.detail) as unknown) : null })));
}

export interface AssignedFirm extends Due {
  id: string;
  name: string;
  countyCode: FirmSummary['countyCode'];
  keyTier: KeyTier;
  lastVisitDate: string | null;
  since: string;
  openProblems: number;
}

/** One collator for every comparison (a locale argument to localeCompare builds one per call). */
const BY_NAME = new Intl.Collator('zh-CN');

/** The firms `username` answers for, most urgent first: overdue, then due soon, then by due date. */
export function assignedFirms(db: Db, username: string, today: string): { items: AssignedFirm[]; cadence: Cadence } {
  const cadence = cadenceHere(db);
  const rows = statement(
    db,
    `SELECT f.id, f.name, f.county_code, f.key_tier, f.last_visit_date, o.since,
       (SELECT COUNT(*) FROM problems p WHERE p.firm_id = f.id AND p.status != 'resolved') AS open_problems
     FROM firm_officers o JOIN firms f ON f.id = o.firm_id WHERE o.username = ?`,
  ).all(username) as { id: string; name: string; county_code: string; key_tier: KeyTier; last_visit_date: string | null; since: string; open_problems: number }[];
  const now = dayNumberOf(today);
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    countyCode: r.county_code as FirmSummary['countyCode'],
    keyTier: r.key_tier,
    lastVisitDate: r.last_visit_date,
    since: r.since,
    openProblems: r.open_problems,
    ...dueOf({ keyTier: r.key_tier, lastVisitDate: r.last_visit_date, assignedSince: r.since }, cadence, now),
  }));
  items.sort((a, b) => a.daysLeft - b.daysLeft || BY_NAME.compare(a.name, b.name));
  return { items, cadence };
}
