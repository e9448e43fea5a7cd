import type { Firm, FirmSummary } from '../../shared/domain/firm';
import type { Db } from '../open';

interface FirmRow {
  id: string;
  credit_code: string;
  name: string;
  county_code: string;
  address: string;
  chain_segment: string;
  categories: string;
  key_tier: string;
  zjtx_level: string;
  contacts: string;
  updated_at: string;
  last_visit_at: string | null;
}

const SELECT = `SELECT f.*, (SELECT MAX(v.visit_date) FROM visits v WHERE v.firm_id = f.id AND v.status = 'completed') AS last_visit_at FROM firms f`;

function toSummary(row: FirmRow): FirmSummary {
  return {
    id: row.id,
    creditCode: row.credit_code,
    name: row.name,
    countyCode: row.county_code as FirmSummary['countyCode'],
    address: row.address,
    chainSegment: row.chain_segment as FirmSummary['chainSegment'],
    categories: JSON.parse(row.categories) as string[],
    keyTier: row.key_tier as FirmSummary['keyTier'],
    zjtxLevel: row.zjtx_level as FirmSummary['zjtxLevel'],
    lastVisitAt: row.last_visit_at,
  };
}

export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function searchFirms(db: Db, query: string, limit: number, offset: number): { items: FirmSummary[]; total: number } {
  const q = query.trim();
  const where = q ? `WHERE f.name LIKE @like ESCAPE '\\' OR f.address LIKE @like ESCAPE '\\' OR f.credit_code LIKE @like ESCAPE '\\'` : '';
  const params = { like: `%${escapeLike(q)}%`, limit, offset };
  const rows = db.prepare(`${SELECT} ${where} ORDER BY f.key_tier = 'key' DESC, f.name LIMIT @limit OFFSET @offset`).all(params) as FirmRow[];
  const { n } = db.prepare(`SELECT COUNT(*) AS n FROM firms f ${where}`).get(params) as { n: number };
  return { items: rows.map(toSummary), total: n };
}

export function getFirm(db: Db, id: string): Firm | null {
  const row = db.prepare(`${SELECT} WHERE f.id = ?`).get(id) as FirmRow | undefined;
  if (!row) return null;
  return { ...toSummary(row), contacts: JSON.parse(row.contacts) as Firm['contacts'], updatedAt: row.updated_at };
}

export function firmExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM firms WHERE id = ?').get(id) !== undefined;
}

export function countFirms(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM firms').get() as { n: number }).n;
}

export type NewFirm = Omit<Firm, 'lastVisitAt'>;

export function upsertFirm(db: Db, firm: NewFirm): void {
  db.prepare(
    `INSERT INTO firms (id, credit_code, name, county_code, address, chain_segment, categories, key_tier, zjtx_level, contacts, updated_at)
     VALUES (@id, @creditCode, @name, @countyCode, @address, @chainSegment, @categories, @keyTier, @zjtxLevel, @contacts, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET credit_code = excluded.credit_code, name = excluded.name, county_code = excluded.county_code,
       address = excluded.address, chain_segment = excluded.chain_segment, categories = excluded.categories, key_tier = excluded.key_tier,
       zjtx_level = excluded.zjtx_level, contacts = excluded.contacts, updated_at = excluded.updated_at`,
  ).run({ ...firm, categories: JSON.stringify(firm.categories), contacts: JSON.stringify(firm.contacts) });
}
