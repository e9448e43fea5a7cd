import { MIGRATION_LOCK_KEY } from '../store/migrations';
import type { SqlClient } from '../store/sql-client';
import { applyToProblemState, withRegisterIds, type ProblemSource } from './problem-state-store';

const CHUNK = 2_000;

interface ReplayRow {
  visit_id: string;
  revision: number;
  kind: string;
  firm_id: string | null;
  officer: string;
  answers: Record<string, unknown> | string;
  completed_at: Date | string;
  county_code: string | null;
  firm: ProblemSource['firm'] | string | null;
  seq: string;
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/**
 * The problems' state of a store that kept visits before the server kept it (server
 * migration 17 marks it): every stored revision replayed once, in the order the server
 * received them, through the rule ingest applies — in one transaction, so a server stopped
 * half-way replays from the start next time. Instances starting together take turns.
 */
export async function replayProblemStateIfPending(client: SqlClient, log: (line: string) => void = () => undefined): Promise<number> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const pending = (await tx.query<{ pending: boolean }>('SELECT pending FROM problem_state_replay')).rows.length > 0;
    if (!pending) return 0;
    const aliases = new Map((await tx.query<{ alias_id: string; firm_id: string }>('SELECT alias_id, firm_id FROM firm_aliases')).rows.map((r) => [r.alias_id, r.firm_id]));
    const registerId = (id: string) => aliases.get(id) ?? id;
    let after = '0';
    let replayed = 0;
    for (;;) {
      const { rows } = await tx.query<ReplayRow>(
        `SELECT visit_id::text AS visit_id, revision, kind, firm_id, officer, answers, completed_at, county_code, firm, seq::text AS seq
         FROM visit_revisions WHERE seq > $1 ORDER BY seq LIMIT ${CHUNK}`,
        [after],
      );
      if (rows.length === 0) break;
      const sources = rows.map((r): ProblemSource => {
        const answers = typeof r.answers === 'string' ? (JSON.parse(r.answers) as Record<string, unknown>) : r.answers;
        return {
          visit: { id: r.visit_id, revision: r.revision, kind: r.kind, firmId: r.firm_id, officer: r.officer, answers: withRegisterIds(answers, registerId), completedAt: iso(r.completed_at) },
          countyCode: r.county_code ?? '',
          firm: typeof r.firm === 'string' ? (JSON.parse(r.firm) as ProblemSource['firm']) : r.firm,
        };
      });
      await applyToProblemState(tx, sources);
      replayed += rows.length;
      after = rows[rows.length - 1]!.seq;
      log(`problem state: replayed ${replayed} stored visits`);
    }
    await tx.query('DELETE FROM problem_state_replay');
    return replayed;
  });
}
