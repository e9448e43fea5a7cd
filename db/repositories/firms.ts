import type { Certification, Firm, FirmFilter, FirmSummary } from '../../shared/domain/firm';
import type { Statement } from '../sqlite';
import type { Db } from '../open';
import { statement } from '../statements';
import { creditCheckStatus } from '../../shared/domain/credit-code';
import { pinyinInitials } from '../pinyin';
import { invalidateFirmIndex, matchFirmRowids } from './firm-index';

interface FirmRow {
  rowid: number;
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
  credit_check: string;
  register_state: string;
  register_version: string | null;
  updated_at: string;
  last_visit_date: string | null;
  open_problems: number;
}

const SELECT = `SELECT f.rowid, f.*, (SELECT COUNT(*) FROM problems p WHERE p.firm_id = f.id AND p.status != 'resolved') AS open_problems FROM firms f`;

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
    lastVisitAt: row.last_visit_date,
    openProblems: row.open_problems,
    registerState: row.register_state as FirmSummary['registerState'],
  };
}

export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Search and filter (see firm-index.ts for how), then read just the page's rows. */
export function searchFirms(db: Db, filter: FirmFilter, today: string): { items: FirmSummary[]; total: number } {
  const { rowids, total } = matchFirmRowids(db, filter, today);
  if (rowids.length === 0) return { items: [], total };
  const rows = db.prepare(`${SELECT} WHERE f.rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rowids)) as FirmRow[];
  const byRowid = new Map(rows.map((r) => [r.rowid, r]));
  return { items: rowids.map((id) => toSummary(byRowid.get(id)!)), total };
}

export function getFirm(db: Db, id: string, today: string): Firm | null {
  const row = db.prepare(`${SELECT} WHERE f.id = ?`).get(id) as FirmRow | undefined;
  if (!row) return null;
  return {
    ...toSummary(row),
    contacts: JSON.parse(row.contacts) as Firm['contacts'],
    certifications: certificationsOf(db, id, today),
    creditCheck: row.credit_check as Firm['creditCheck'],
    updatedAt: row.updated_at,
    mergedFrom: (db.prepare('SELECT alias_id FROM firm_aliases WHERE firm_id = ?').pluck().all(id) as string[]).length > 0,
  };
}

/** The register version the laptop's copy of a firm is based on (null before it reached the register). */
export function registerVersionOf(db: Db, id: string): string | null {
  return (db.prepare('SELECT register_version FROM firms WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null;
}

/** Where a merged laptop id lives now. */
export function firmAlias(db: Db, id: string): string | null {
  return (db.prepare('SELECT firm_id FROM firm_aliases WHERE alias_id = ?').pluck().get(id) as string | undefined) ?? null;
}

function certificationsOf(db: Db, firmId: string, today: string): Certification[] {
  const rows = db
    .prepare('SELECT id, product, star_level AS starLevel, certificate_no AS certificateNo, valid_until AS validUntil, source_visit_id AS sourceVisitId FROM firm_certifications WHERE firm_id = ? ORDER BY valid_until DESC')
    .all(firmId) as Omit<Certification, 'expired'>[];
  return rows.map((c) => ({ ...c, expired: c.validUntil < today }));
}

export function firmExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM firms WHERE id = ?').get(id) !== undefined;
}

export function firmIdByCreditCode(db: Db, creditCode: string): string | null {
  return (db.prepare('SELECT id FROM firms WHERE credit_code = ?').pluck().get(creditCode) as string | undefined) ?? null;
}

export function countFirms(db: Db): number {
  return db.prepare('SELECT COUNT(*) FROM firms').pluck().get() as number;
}

export interface FirmWrite {
  id: string;
  creditCode: string;
  name: string;
  countyCode: string;
  address: string;
  chainSegment: string;
  categories: string[];
  keyTier: string;
  zjtxLevel: string;
  contacts: { name: string; role: string; phone: string }[];
  certifications?: { id: string; product: string; starLevel: number; certificateNo: string; validUntil: string; sourceVisitId?: string | null | undefined }[];
  updatedAt: string;
  /** Set by the directory pull (the register's word) or for a firm created here ('local'); otherwise kept. */
  registerState?: 'local' | 'proposed' | 'registered' | 'conflict';
  registerVersion?: string | null;
}

/** Statements prepared once per connection: a directory pull writes thousands of firms. */
const statements = new WeakMap<Db, { upsert: Statement; clearCerts: Statement; insertCert: Statement }>();
function prepared(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = {
      upsert: db.prepare(
        `INSERT INTO firms (id, credit_code, name, county_code, address, chain_segment, categories, key_tier, zjtx_level, contacts, credit_check, initials, updated_at, register_state, register_version)
         VALUES (@id, @creditCode, @name, @countyCode, @address, @chainSegment, @categories, @keyTier, @zjtxLevel, @contacts, @creditCheck, @initials, @updatedAt, COALESCE(@registerState, 'registered'), @registerVersion)
         ON CONFLICT (id) DO UPDATE SET credit_code = excluded.credit_code, name = excluded.name, county_code = excluded.county_code,
           address = excluded.address, chain_segment = excluded.chain_segment, categories = excluded.categories, key_tier = excluded.key_tier,
           zjtx_level = excluded.zjtx_level, contacts = excluded.contacts, credit_check = excluded.credit_check, initials = excluded.initials,
           updated_at = excluded.updated_at, register_state = COALESCE(@registerState, firms.register_state),
           register_version = COALESCE(@registerVersion, firms.register_version)`,
      ),
      clearCerts: db.prepare('DELETE FROM firm_certifications WHERE firm_id = ?'),
      insertCert: db.prepare('INSERT INTO firm_certifications (id, firm_id, product, star_level, certificate_no, valid_until, source_visit_id) VALUES (@id, @firmId, @product, @starLevel, @certificateNo, @validUntil, @sourceVisitId)'),
    };
    statements.set(db, s);
  }
  return s;
}

/** Insert or update a firm with its pinyin initials and (when given) its certifications. Call inside a transaction. */
export function upsertFirm(db: Db, firm: FirmWrite): void {
  const s = prepared(db);
  s.upsert.run({
    id: firm.id,
    creditCode: firm.creditCode,
    name: firm.name,
    countyCode: firm.countyCode,
    address: firm.address,
    chainSegment: firm.chainSegment,
    keyTier: firm.keyTier,
    zjtxLevel: firm.zjtxLevel,
    updatedAt: firm.updatedAt,
    categories: JSON.stringify(firm.categories),
    contacts: JSON.stringify(firm.contacts),
    // Derived from the code itself: a code failing a check is saved only once confirmed.
    creditCheck: creditCheckStatus(firm.creditCode),
    initials: pinyinInitials(firm.name),
    registerState: firm.registerState ?? null,
    registerVersion: firm.registerVersion ?? null,
  });
  if (firm.certifications) {
    s.clearCerts.run(firm.id);
    for (const c of firm.certifications) s.insertCert.run({ id: c.id, product: c.product, starLevel: c.starLevel, certificateNo: c.certificateNo, validUntil: c.validUntil, sourceVisitId: c.sourceVisitId ?? null, firmId: firm.id });
  }
  invalidateFirmIndex(db);
}

/** Firms written before pinyin initials existed (migration 002) get them once. */
export function backfillInitials(db: Db): void {
  const rows = db.prepare("SELECT id, name FROM firms WHERE initials = ''").all() as { id: string; name: string }[];
  if (rows.length === 0) return;
  const update = db.prepare('UPDATE firms SET initials = ? WHERE id = ?');
  db.transaction(() => rows.forEach((r) => update.run(pinyinInitials(r.name), r.id)))();
  invalidateFirmIndex(db);
}

/** The register's latest visit day for a firm (anyone's visit): kept, and counted when later than what this laptop knows. */
export function noteRegisterVisit(db: Db, firmId: string, day: string | null | undefined): void {
  if (!day) return;
  const changed = statement(
    db,
    `UPDATE firms SET register_last_visit = @day, last_visit_date = CASE WHEN last_visit_date IS NULL OR last_visit_date < @day THEN @day ELSE last_visit_date END
     WHERE id = @firmId AND (register_last_visit IS NULL OR register_last_visit <> @day)`,
  ).run({ firmId, day }).changes;
  if (changed) invalidateFirmIndex(db);
}

export function touchLastVisit(db: Db, firmId: string): void {
  // The latest date among the firm's counted revisions (indexed columns, no answer JSON:
  // a supervisor's pull touches a firm per visit, over thousands of visits).
  // A visit by a colleague (known from the register) counts as much as one recorded here.
  statement(
    db,
    `UPDATE firms SET last_visit_date = (
       SELECT MAX(d) FROM (
         SELECT MAX(r.visit_date) AS d FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision WHERE v.firm_id = @firmId
         UNION ALL SELECT register_last_visit FROM firms WHERE id = @firmId)
     ) WHERE id = @firmId`,
  ).run({ firmId });
  invalidateFirmIndex(db);
}

/**
 * A firm this laptop learns of through the server (a supervisor's pulled visit, a
 * colleague's problem) before the directory pull brings its register record: kept under
 * the server's name so the visit or problem has its firm; the register fills the rest.
 */
export function addFirmSeenOnServer(db: Db, firmId: string, firm: { name?: string; creditCode?: string; countyCode?: string } | null, at: string): void {
  statement(db, `INSERT OR IGNORE INTO firms (id, credit_code, name, county_code, chain_segment, updated_at) VALUES (?, ?, ?, ?, 'midstream', ?)`).run(
    firmId,
    firm?.creditCode || `server:${firmId}`,
    firm?.name ?? firmId,
    firm?.countyCode ?? '371502',
    at,
  );
}
