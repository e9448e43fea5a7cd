import type { PushedVisit } from '../../shared/api/sync-protocol';
import type { SqlClient } from './sql-client';

export type InsertOutcome = 'created' | 'duplicate' | 'conflict' | 'forbidden';

interface RevisionRow {
  visit_id: string;
  revision: number;
  content_hash: string;
  firm_id: string;
  kind: string;
  officer: string;
  completed_at: Date | string;
  received_at: Date | string;
  answers: Record<string, unknown>;
  firm: Record<string, unknown> | null;
  county_code: string | null;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/**
 * Every (visit, revision) stored once under the primary key. `ON CONFLICT DO
 * NOTHING` makes concurrent retries of the same item race-free: exactly one insert
 * wins, the others read back the stored hash and report duplicate or conflict.
 */
export class VisitStore {
  constructor(readonly client: SqlClient) {}

  /**
   * Stores each revision once. `accountId` owns the visit: a revision of a visit
   * that another account pushed first is `forbidden` (an officer pushes only their own).
   */
  async insertMany(visits: readonly PushedVisit[], accountId: string | null): Promise<InsertOutcome[]> {
    return this.client.transaction(async (tx) => {
      const outcomes: InsertOutcome[] = [];
      for (const v of visits) {
        const owner = await tx.query<{ account_id: string | null }>('SELECT account_id FROM visit_revisions WHERE visit_id = $1 LIMIT 1', [v.id]);
        if (owner.rows.length && owner.rows[0]!.account_id !== accountId) {
          outcomes.push('forbidden');
          continue;
        }
        const inserted = await tx.query(
          `INSERT INTO visit_revisions (visit_id, revision, content_hash, firm_id, kind, officer, completed_at, answers, account_id, county_code, firm)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (visit_id, revision) DO NOTHING RETURNING visit_id`,
          [v.id, v.revision, v.contentHash, v.firmId, v.kind, v.officer, v.completedAt, JSON.stringify(v.answers), accountId, v.firm.countyCode, JSON.stringify(v.firm)],
        );
        if (inserted.rows.length === 1) {
          outcomes.push('created');
          continue;
        }
        const existing = await tx.query<{ content_hash: string }>('SELECT content_hash FROM visit_revisions WHERE visit_id = $1 AND revision = $2', [v.id, v.revision]);
        outcomes.push(existing.rows[0]?.content_hash === v.contentHash ? 'duplicate' : 'conflict');
      }
      return outcomes;
    });
  }

  /** Visits the caller may read: their own (officers), their counties (supervisors), all (admins; scope null). */
  async list(limit: number, offset: number, filter: { accountId?: string; countyScope?: string[] | null } = {}) {
    const where = `WHERE ($1::text IS NULL OR account_id = $1) AND ($2::jsonb IS NULL OR $2::jsonb ? county_code)`;
    const params = [filter.accountId ?? null, filter.countyScope ? JSON.stringify(filter.countyScope) : null];
    const { rows } = await this.client.query<RevisionRow>(`SELECT * FROM visit_revisions ${where} ORDER BY received_at, visit_id, revision LIMIT $3 OFFSET $4`, [...params, limit, offset]);
    const { rows: countRows } = await this.client.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM visit_revisions ${where}`, params);
    return {
      total: Number(countRows[0]?.n ?? 0),
      visits: rows.map((r) => ({
        id: r.visit_id,
        revision: r.revision,
        contentHash: r.content_hash,
        firmId: r.firm_id,
        kind: r.kind,
        officer: r.officer,
        completedAt: iso(r.completed_at),
        receivedAt: iso(r.received_at),
        answers: r.answers,
        firm: r.firm,
      })),
    };
  }
}
