import type { PushedVisit } from '../../shared/api/sync-protocol';
import type { SqlClient } from './sql-client';
import { holdSequence, sequenceHorizon } from './sequence-horizon';
import { raisedProblemsOf } from '../../shared/domain/answers/raised-problems';
import { applyToProblemState, withRegisterIds } from '../problems/problem-state-store';

export type InsertOutcome = 'created' | 'duplicate' | 'conflict' | 'forbidden';

/** A pushed visit as the server places it: county and firm from its own records, officer from the principal. */
export interface PlacedVisit {
  visit: PushedVisit;
  /** The register's id of the firm (the laptop's may have been merged into it); null for an event. */
  firmId: string | null;
  countyCode: string;
  firm: { name: string; creditCode: string; countyCode: string } | null;
  officer: string;
  /** Set when the register does not know the firm: the laptop's record becomes a proposal. */
  proposedFirm: Record<string, unknown> | null;
  /** An event's firms: the laptop's id of each → the register's (the problems it moves are kept under the register's). */
  registerIds?: ReadonlyMap<string, string>;
}

interface RevisionRow {
  visit_id: string;
  revision: number;
  content_hash: string;
  firm_id: string | null;
  kind: string;
  officer: string;
  completed_at: Date | string;
  received_at: Date | string;
  answers: Record<string, unknown>;
  firm: Record<string, unknown> | null;
  county_code: string | null;
  complete: boolean;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** A revision is complete when every attachment its manifest names has arrived whole. */
const IS_COMPLETE = `NOT EXISTS (
  SELECT 1 FROM jsonb_array_elements(r.attachments) m
  WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id = (m->>'id')::uuid AND a.complete AND a.sha256 = m->>'sha256')
)`;
const COMPLETE = `${IS_COMPLETE} AS complete`;

/** A timestamp as JavaScript's toISOString writes it (UTC, milliseconds, Z). */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One revision as JSON text in the shape of toServerVisit (shared/api/sync-protocol.ts ServerVisit), written by the database. */
const SERVER_VISIT_JSON = `json_build_object(
  'id', r.visit_id, 'revision', r.revision, 'contentHash', r.content_hash, 'firmId', r.firm_id, 'kind', r.kind, 'officer', r.officer,
  'completedAt', ${isoText('r.completed_at')}, 'receivedAt', ${isoText('r.received_at')}, 'answers', r.answers, 'firm', r.firm, 'complete', ${IS_COMPLETE}
)::text`;

/** A supervisor's pull page (without the protocol field the route adds). */
type ChangesPage = { cursor: string; more: boolean; visits: ReturnType<typeof toServerVisit>[] };

function toServerVisit(r: RevisionRow) {
  return {
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
    complete: r.complete,
  };
}

/**
 * Every (visit, revision) stored once under the primary key. `ON CONFLICT DO
 * NOTHING` makes concurrent retries of the same item race-free: exactly one insert
 * wins, the others read back the stored hash and report duplicate or conflict.
 */
export class VisitStore {
  constructor(readonly client: SqlClient) {}

  /**
   * Stores each revision once, in one set-based statement per batch. `accountId`
   * owns the visit: a revision of a visit that another account pushed first is
   * `forbidden` (an officer pushes only their own). The primary key with
   * ON CONFLICT DO NOTHING makes concurrent retries race-free: one insert wins,
   * the rest read back the stored hash and report duplicate or conflict.
   */
  async insertMany(
    placed: readonly PlacedVisit[],
    accountId: string,
    /** In the same transaction, once the outcomes are known: the batch's audit row. */
    also: (tx: Pick<SqlClient, 'query'>, outcomes: readonly InsertOutcome[]) => Promise<void> = async () => undefined,
  ): Promise<InsertOutcome[]> {
    if (placed.length === 0) return [];
    const input = placed.map(({ visit: v, firmId, countyCode, firm, officer }, ord) => ({
      ord,
      visit_id: v.id,
      revision: v.revision,
      content_hash: v.contentHash,
      firm_id: firmId,
      kind: v.kind,
      officer,
      completed_at: v.completedAt,
      answers: v.answers,
      county_code: countyCode,
      firm,
      attachments: v.attachments,
    }));
    const outcomes = await this.client.transaction(async (tx) => {
      await holdSequence(tx, 'visits'); // until commit: pulls never move past a revision still in flight
      const { rows } = await tx.query<{ ord: number; outcome: InsertOutcome }>(
        `WITH input AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, visit_id uuid, revision int, content_hash text, firm_id text, kind text,
             officer text, completed_at timestamptz, answers jsonb, county_code text, firm jsonb, attachments jsonb)
         ), foreign_owned AS (
           SELECT DISTINCT v.visit_id FROM visit_revisions v JOIN input i ON i.visit_id = v.visit_id WHERE v.account_id IS DISTINCT FROM $2::text
         ), inserted AS (
           INSERT INTO visit_revisions (visit_id, revision, content_hash, firm_id, kind, officer, completed_at, answers, account_id, county_code, firm, attachments)
           SELECT visit_id, revision, content_hash, firm_id, kind, officer, completed_at, answers, $2::text, county_code, firm, attachments FROM input
           WHERE visit_id NOT IN (SELECT visit_id FROM foreign_owned)
           ON CONFLICT (visit_id, revision) DO NOTHING
           RETURNING visit_id, revision
         )
         SELECT i.ord, CASE
           WHEN i.visit_id IN (SELECT visit_id FROM foreign_owned) THEN 'forbidden'
           WHEN EXISTS (SELECT 1 FROM inserted n WHERE n.visit_id = i.visit_id AND n.revision = i.revision) THEN 'created'
           WHEN EXISTS (SELECT 1 FROM visit_revisions v WHERE v.visit_id = i.visit_id AND v.revision = i.revision AND v.content_hash = i.content_hash) THEN 'duplicate'
           ELSE 'conflict' END AS outcome
         FROM input i ORDER BY i.ord`,
        [JSON.stringify(input), accountId],
      );
      const outcomes = rows.map((r) => r.outcome);
      const created = placed.filter((_, i) => outcomes[i] === 'created');
      const placedFirm = new Map(placed.map((p) => [p.visit.id, p.firmId]));
      // Which firm each newly raised problem belongs to (the first visit to raise it wins); a diagnosis or a patrol raises them.
      const problems = created.flatMap(({ visit }) =>
        raisedProblemsOf<{ id?: unknown; category?: unknown }>(visit.kind, visit.answers).flatMap((p) => (typeof p.id === 'string' ? [{ problem_id: p.id, firm_id: placedFirm.get(visit.id), category: typeof p.category === 'string' ? p.category : null }] : [])),
      );
      if (problems.length) {
        await tx.query(
          `INSERT INTO problem_firms (problem_id, firm_id, category) SELECT problem_id, firm_id, category FROM jsonb_to_recordset($1::jsonb) AS x(problem_id text, firm_id text, category text) ON CONFLICT DO NOTHING`,
          [JSON.stringify(problems)],
        );
      }
      // The problems' state moves in the same transaction: it never misses a stored visit nor counts one twice.
      await applyToProblemState(
        tx,
        created.map(({ visit: v, firmId, countyCode, firm, officer, registerIds }) => ({
          visit: { id: v.id, revision: v.revision, kind: v.kind, firmId, officer, answers: registerIds ? withRegisterIds(v.answers, (id) => registerIds.get(id) ?? id) : v.answers, completedAt: v.completedAt },
          countyCode,
          firm,
        })),
      );
      const proposals = created.flatMap((p) => (p.proposedFirm && p.firmId !== null ? [p] : [])).map((p) => ({ firm_id: p.firmId, county_code: p.countyCode, data: p.proposedFirm, first_visit_id: p.visit.id }));
      if (proposals.length) {
        await tx.query(
          `INSERT INTO proposed_firms (firm_id, county_code, data, account_id, first_visit_id)
           SELECT firm_id, county_code, data, $2, first_visit_id FROM jsonb_to_recordset($1::jsonb) AS x(firm_id text, county_code text, data jsonb, first_visit_id uuid)
           ON CONFLICT DO NOTHING`,
          [JSON.stringify(proposals), accountId],
        );
      }
      await also(tx, outcomes);
      return outcomes;
    });
    await this.noteVisitedFirms(placed.filter((_, i) => outcomes[i] === 'created'));
    return outcomes;
  }

  /**
   * Each visited register firm's latest visit day, after the push has committed (a new directory
   * version: the officers of its county pull it). Not inside the push: 200 laptops visiting the same
   * firms would queue on those rows. Only firms whose day moves are written, each in a transaction of
   * one statement (no two wait on each other). Derived data: a failure here is logged, never the
   * push's (the visit is stored; the firm's next visit moves the day again).
   */
  private async noteVisitedFirms(created: readonly PlacedVisit[]): Promise<void> {
    const days = new Map<string, string>();
    for (const { visit: v, firmId } of created) {
      const day = v.answers.visitDate;
      if (!firmId || v.kind === 'event' || typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
      if ((days.get(firmId) ?? '') < day) days.set(firmId, day);
    }
    if (days.size === 0) return;
    try {
      const { rows } = await this.client.query<{ id: string }>(
        `SELECT d.id FROM directory_firms d JOIN jsonb_each_text($1::jsonb) x ON x.key = d.id WHERE d.last_visit_date IS NULL OR d.last_visit_date < x.value::date ORDER BY d.id`,
        [JSON.stringify(Object.fromEntries(days))],
      );
      for (const { id } of rows) {
        await this.client.transaction(async (tx) => {
          await holdSequence(tx, 'directory');
          await tx.query(
            `UPDATE directory_firms SET last_visit_date = $2::date, version = nextval('directory_version')
             WHERE id = $1 AND (last_visit_date IS NULL OR last_visit_date < $2::date)`,
            [id, days.get(id)],
          );
        });
      }
    } catch (error) {
      console.error(`last visit day not noted (${(error as Error).message}); the firm's next visit sets it`);
    }
  }

  /** The firm of each given problem id the server knows (raised in a stored diagnosis). */
  /** The firm and category of each given problem the server has seen raised. */
  async problemsKnown(problemIds: readonly string[]): Promise<Map<string, { firmId: string; category: string | null }>> {
    if (problemIds.length === 0) return new Map();
    const { rows } = await this.client.query<{ problem_id: string; firm_id: string; category: string | null }>(
      'SELECT problem_id, firm_id, category FROM problem_firms WHERE problem_id IN (SELECT jsonb_array_elements_text($1::jsonb))',
      [JSON.stringify(problemIds)],
    );
    return new Map(rows.map((r) => [r.problem_id, { firmId: r.firm_id, category: r.category }]));
  }

  /** The account that pushed a visit first, or null when the server does not have it. */
  async owner(visitId: string): Promise<string | null> {
    const { rows } = await this.client.query<{ account_id: string | null }>('SELECT account_id FROM visit_revisions WHERE visit_id = $1 LIMIT 1', [visitId]);
    return rows[0]?.account_id ?? null;
  }

  /** Revisions that arrived after `cursor`, within the counties (null = all), oldest first. */
  async changesSince(cursor: bigint, countyScope: string[] | null, limit: number): Promise<ChangesPage> {
    return JSON.parse(await this.changesSinceJson(cursor, countyScope, limit)) as ChangesPage;
  }

  /**
   * The same page as JSON text, `{"cursor","more","visits":[…]}`, each visit written by
   * PostgreSQL from the stored JSONB. Supervisors pull every visit of their scope, and
   * parsing the answers into objects only to serialize them again was the largest part
   * of a server's work under load (a profile of the 200-laptop run: about a third).
   */
  async changesSinceJson(cursor: bigint, countyScope: string[] | null, limit: number): Promise<string> {
    const horizon = await sequenceHorizon(this.client, 'visits');
    const { rows } = await this.client.query<{ seq_text: string; visit: string }>(
      `SELECT r.seq::text AS seq_text, ${SERVER_VISIT_JSON} AS visit FROM visit_revisions r
       WHERE r.seq > $1 AND r.seq <= $4 AND ($2::jsonb IS NULL OR $2::jsonb ? r.county_code) ORDER BY r.seq LIMIT $3`,
      [cursor.toString(), countyScope ? JSON.stringify(countyScope) : null, limit + 1, horizon.toString()],
    );
    const page = rows.slice(0, limit);
    const last = page.length ? page[page.length - 1]!.seq_text : null;
    // With nothing in scope up to the horizon, the cursor moves to the horizon (never past it).
    const latest = last ?? horizon.toString();
    const next = BigInt(latest) > cursor ? latest : cursor.toString();
    return `{"cursor":"${next}","more":${rows.length > limit},"visits":[${page.map((r) => r.visit).join(',')}]}`;
  }

  /** Visits the caller may read: their own (officers), their counties (supervisors), all (admins; scope null). */
  async list(limit: number, offset: number, filter: { accountId?: string; countyScope?: string[] | null } = {}) {
    const where = `WHERE ($1::text IS NULL OR account_id = $1) AND ($2::jsonb IS NULL OR $2::jsonb ? county_code)`;
    const params = [filter.accountId ?? null, filter.countyScope ? JSON.stringify(filter.countyScope) : null];
    const { rows } = await this.client.query<RevisionRow>(
      `SELECT r.*, ${COMPLETE} FROM visit_revisions r ${where} ORDER BY received_at, visit_id, revision LIMIT $3 OFFSET $4`,
      [...params, limit, offset],
    );
    const { rows: countRows } = await this.client.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM visit_revisions ${where}`, params);
    return {
      total: Number(countRows[0]?.n ?? 0),
      visits: rows.map(toServerVisit),
    };
  }
}
