import type { SqlClient } from './sql-client';

/**
 * Pull cursors over a sequence (visit_revision_seq, directory_version) must never skip a
 * value: with several connections, a transaction can take value 100, stay open, and
 * commit after another took 101 and committed. A reader that saw 101 and moved its
 * cursor there would never see 100 (the load test caught a supervisor missing a batch).
 *
 * So every transaction that takes values holds a shared advisory lock on the sequence
 * until it commits, and a reader first takes the exclusive lock for an instant: once it
 * has it, no transaction holding values is in flight, and the sequence's current value
 * is the horizon — every value up to it is committed (or gone with a rollback); writers
 * starting later take higher ones. Readers return only rows up to the horizon. Writers
 * still run side by side.
 */
export const SEQUENCES = { visits: { lock: 7_411_091, name: 'visit_revision_seq' }, directory: { lock: 7_411_092, name: 'directory_version' }, problems: { lock: 7_411_093, name: 'problem_state_version' }, decisions: { lock: 7_411_094, name: 'decision_version' } } as const;
export type Sequenced = keyof typeof SEQUENCES;

/** Inside a writing transaction, before it takes values of the sequence. */
export async function holdSequence(tx: Pick<SqlClient, 'query'>, which: Sequenced): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [SEQUENCES[which].lock]);
}

/**
 * A reader first only tries for the lock: while writers are busy it answers with the last
 * horizon it saw (still safe: everything up to it had committed), so pulls never queue
 * behind ingest nor ingest behind pulls. Only when that horizon is older than this does it
 * wait for the lock, so a supervisor's view lags busy ingest by at most about this long.
 */
export const HORIZON_MAX_AGE_MS = 2_000;
const lastSeen = new WeakMap<SqlClient, Map<Sequenced, { horizon: bigint; at: number }>>();

/** The highest value of the sequence that no open transaction can still commit below. */
export async function sequenceHorizon(client: SqlClient, which: Sequenced, now = Date.now): Promise<bigint> {
  const cache = lastSeen.get(client) ?? new Map();
  lastSeen.set(client, cache);
  const known = cache.get(which);
  const wait = !known || now() - known.at > HORIZON_MAX_AGE_MS;
  const fresh = await client.transaction(async (tx) => {
    if (wait) await tx.query('SELECT pg_advisory_xact_lock($1)', [SEQUENCES[which].lock]);
    else if (!(await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [SEQUENCES[which].lock])).rows[0]!.ok) return null;
    const { rows } = await tx.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text AS last_value, is_called FROM ${SEQUENCES[which].name}`);
    const row = rows[0]!;
    return row.is_called ? BigInt(row.last_value) : BigInt(row.last_value) - 1n;
  });
  if (fresh === null) return known!.horizon;
  cache.set(which, { horizon: fresh, at: now() });
  return fresh;
}
