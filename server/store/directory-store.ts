import type { DirectoryBody, DirectoryFirm, DirectoryReference, FirmOfficerPeriod } from '../../shared/api/sync-protocol';
import type { RegisterFirm } from '../authorization';
import type { SqlClient } from './sql-client';
import { holdSequence, sequenceHorizon } from './sequence-horizon';

const PAGE = 500;

/**
 * The directory laptops pull: firms, reference data. Every write takes the next
 * value of one sequence, so "everything after cursor N" is exactly what changed.
 */
export class DirectoryStore {
  constructor(private readonly db: SqlClient) {}

  async upsertFirms(firms: readonly DirectoryFirm[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await holdSequence(tx, 'directory');
      for (const f of firms) {
        await tx.query(
          `INSERT INTO directory_firms (id, county_code, data, deleted, credit_code) VALUES ($1, $2, $3, $4, NULLIF($5, ''))
           ON CONFLICT (id) DO UPDATE SET county_code = excluded.county_code, data = excluded.data, deleted = excluded.deleted, credit_code = excluded.credit_code, version = nextval('directory_version')`,
          [f.id, f.countyCode, JSON.stringify(f), f.deleted ?? false, f.creditCode],
        );
      }
    });
  }

  async upsertReference(items: readonly DirectoryReference[], also: (tx: Pick<SqlClient, 'query'>) => Promise<void> = async () => undefined): Promise<void> {
    await this.db.transaction(async (tx) => {
      await also(tx);
      await holdSequence(tx, 'directory');
      for (const r of items) {
        await tx.query(
          `INSERT INTO directory_reference (kind, code, data) VALUES ($1, $2, $3)
           ON CONFLICT (kind, code) DO UPDATE SET data = excluded.data, version = nextval('directory_version')`,
          [r.kind, r.code, JSON.stringify(r)],
        );
      }
    });
  }

  /** The items of one reference list, as laptops get them (withdrawn ones included, marked inactive). */
  async referenceOf(kind: string): Promise<DirectoryReference[]> {
    const { rows } = await this.db.query<{ data: DirectoryReference | string }>(`SELECT data FROM directory_reference WHERE kind = $1 ORDER BY (data->>'sort')::int, code`, [kind]);
    return rows.map((r) => (typeof r.data === 'string' ? (JSON.parse(r.data) as DirectoryReference) : r.data));
  }

  /**
   * The register's record of each given firm id, following a laptop's id that was
   * merged into a register firm (deleted firms are not in the register). A register firm
   * with the id itself always wins over an alias of that id.
   */
  async firmsByIds(ids: readonly string[]): Promise<Map<string, RegisterFirm>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.db.query<{ asked: string; id: string; county_code: string; name: string | null; credit_code: string | null }>(
      `WITH asked AS (SELECT jsonb_array_elements_text($1::jsonb) AS asked)
       SELECT a.asked, f.id, f.county_code, f.data->>'name' AS name, f.data->>'creditCode' AS credit_code
       FROM asked a
       LEFT JOIN directory_firms d ON d.id = a.asked AND NOT d.deleted
       LEFT JOIN firm_aliases al ON al.alias_id = a.asked AND d.id IS NULL
       JOIN directory_firms f ON f.id = COALESCE(d.id, al.firm_id, a.asked) AND NOT f.deleted`,
      [JSON.stringify(ids)],
    );
    return new Map(rows.map((r) => [r.asked, { id: r.id, countyCode: r.county_code, name: r.name ?? r.id, creditCode: r.credit_code ?? '' }]));
  }

  /**
   * One page of changes after `cursor`, firms limited to the caller's counties (null =
   * all). ORDER BY names the table's column: the bare name would sort by the text alias,
   * '10' before '9', and a pull of more than one page would skip firms.
   */
  async changesSince(cursor: bigint, scope: string[] | null): Promise<Omit<DirectoryBody, 'protocol'>> {
    // Only versions no open transaction can still commit below (sequence-horizon.ts).
    const horizon = await sequenceHorizon(this.db, 'directory');
    const firms = await this.db.query<{ data: DirectoryFirm | string; version: string; status: 'registered' | 'proposed'; officer: string | null; officer_name: string | null; officer_since: string | null; last_visit_date: string | null; periods: FirmOfficerPeriod[] | string | null }>(
      `SELECT f.data, f.version::text AS version, f.status, a.username AS officer, a.display_name AS officer_name, f.officer_since::text AS officer_since, f.last_visit_date::text AS last_visit_date,
         (SELECT json_agg(json_build_object('username', ta.username, 'name', ta.display_name, 'since', (h.assigned_at AT TIME ZONE 'Asia/Shanghai')::date::text) ORDER BY h.id)
          FROM firm_assignments h LEFT JOIN accounts ta ON ta.id = h.to_officer WHERE h.firm_id = f.id) AS periods
       FROM directory_firms f LEFT JOIN accounts a ON a.id = f.officer_id WHERE f.version > $1 AND f.version <= $3 AND ($2::jsonb IS NULL OR $2::jsonb ? f.county_code) ORDER BY f.version LIMIT ${PAGE + 1}`,
      [cursor.toString(), scope === null ? null : JSON.stringify(scope), horizon.toString()],
    );
    const reference = await this.db.query<{ data: DirectoryReference | string; version: string }>(
      `SELECT r.data, r.version::text AS version FROM directory_reference r WHERE r.version > $1 AND r.version <= $2 ORDER BY r.version LIMIT ${PAGE + 1}`,
      [cursor.toString(), horizon.toString()],
    );
    const parse = <T>(d: T | string): T => (typeof d === 'string' ? (JSON.parse(d) as T) : d);
    // Merge both streams by version and cut at one page, so the cursor never skips a change.
    const merged = [
      ...firms.rows.map((r) => ({ version: BigInt(r.version), firm: { ...parse(r.data), registerStatus: r.status, version: r.version, officer: r.officer ? { username: r.officer, name: r.officer_name ?? r.officer, since: r.officer_since ?? '' } : null, lastVisitDate: r.last_visit_date, officerPeriods: r.periods === null ? [] : parse(r.periods) } })),
      ...reference.rows.map((r) => ({ version: BigInt(r.version), ref: parse(r.data) })),
    ].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
    const page = merged.slice(0, PAGE);
    const more = merged.length > PAGE;
    // With nothing new in scope, the cursor still moves to the horizon, so out-of-scope changes are not re-read.
    const latest = page.length ? page[page.length - 1]!.version : horizon > cursor ? horizon : cursor;
    return {
      cursor: latest.toString(),
      more,
      firms: page.flatMap((p) => ('firm' in p && p.firm ? [p.firm] : [])),
      reference: page.flatMap((p) => ('ref' in p && p.ref ? [p.ref] : [])),
    };
  }
}
