import type { SqlClient } from '../store/sql-client';

export class AppRoleError extends Error {}

/**
 * What the server's own database role may do, when it is not the tables' owner (PostgreSQL):
 * everything it needs on every table, but on the audit log only read, append and set a row's
 * seal — no UPDATE of anything else, no DELETE, no TRUNCATE. The owner keeps the rest (the
 * archive command, migrations). Run by the owner: `server:admin grant-app-role --role NAME`.
 */
export function appRoleGrants(role: string): string[] {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new AppRoleError('The role name is lower-case letters, digits and underscores (PostgreSQL identifier).');
  return [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role}`,
    `GRANT UPDATE (chain_no, prev_hash, hash) ON audit_log TO ${role}`,
  ];
}

export async function grantAppRole(db: SqlClient, role: string): Promise<void> {
  if (db.kind !== 'postgres') throw new AppRoleError('A separate database role is for PostgreSQL (DATABASE_URL); embedded PGlite has one user.');
  const statements = appRoleGrants(role);
  const exists = (await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM pg_roles WHERE rolname = $1', [role])).rows[0]?.n ?? 0;
  if (!exists) throw new AppRoleError(`No PostgreSQL role named ${role}: create it first (CREATE ROLE ${role} LOGIN PASSWORD '…').`);
  await db.transaction(async (tx) => {
    for (const statement of statements) await tx.exec(statement);
  });
}
