import type { SqlClient } from './sql-client';

/** Numbered server migrations; applied in one transaction, recorded in schema_version. */
const MIGRATIONS: readonly string[] = [
  /* sql */ `
  CREATE TABLE visit_revisions (
    visit_id     uuid        NOT NULL,
    revision     integer     NOT NULL CHECK (revision >= 1),
    content_hash char(64)    NOT NULL,
    firm_id      text        NOT NULL,
    kind         text        NOT NULL,
    officer      text        NOT NULL,
    completed_at timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    answers      jsonb       NOT NULL,
    PRIMARY KEY (visit_id, revision)
  );
  CREATE INDEX visit_revisions_received ON visit_revisions (received_at, visit_id);
  `,
];

export async function migrateServerStore(client: SqlClient): Promise<void> {
  await client.exec('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
  await client.transaction(async (tx) => {
    // Serialise concurrent server starts on one database.
    await tx.query('LOCK TABLE schema_version IN EXCLUSIVE MODE');
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) throw new Error(`Server database schema ${current} is newer than this server (${MIGRATIONS.length}). Refusing to start.`);
    for (let v = current; v < MIGRATIONS.length; v++) await tx.exec(MIGRATIONS[v]!);
    if (rows.length === 0) await tx.query('INSERT INTO schema_version (version) VALUES ($1)', [MIGRATIONS.length]);
    else await tx.query('UPDATE schema_version SET version = $1', [MIGRATIONS.length]);
  });
}
