import { isDatabaseUnavailable } from './database-outage';

/**
 * The few things the store needs from a PostgreSQL-dialect database, so the same
 * SQL runs on embedded PGlite (the default) and on a real PostgreSQL (DATABASE_URL).
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Pick<SqlClient, 'query' | 'exec'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
  /** Connections of the pool (PostgreSQL), for the metrics. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

export async function openPglite(dataDir: string): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await db.query<T>(sql, params)).rows }),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await tx.query<T>(sql, params)).rows }),
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      ),
    close: () => db.close(),
  };
}

export async function openPostgres(connectionString: string, onPoolError: (error: Error) => void = logPoolError): Promise<SqlClient> {
  const { default: pg } = await import('pg');
  // A request waits at most this long for a connection while the database is away, then answers 503.
  const pool = new pg.Pool({ connectionString, max: 8, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, keepAlive: true });
  // An idle connection the database drops (restart, failover, pg_terminate_backend) is an event,
  // not a crash: the pool has already discarded it and opens a new one for the next request.
  pool.on('error', onPoolError);
  // pg-pool listens to a busy connection with `once('error')` while a query runs: a connection the
  // database terminates can emit two errors (the FATAL message, then the closed socket), and the
  // second, with no listener left, ended the process (seen under load when PostgreSQL stopped).
  // Every connection therefore keeps a listener of its own for its whole life; the pool and
  // transaction() still see each error and throw the connection away.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await pool.query(sql, params)).rows as T[] }),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      // While checked out the pool does not listen to this connection: a drop between two
      // statements would otherwise be an unhandled 'error' event that ends the process.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken ??= rollbackError;
        });
        if (isDatabaseUnavailable(error)) broken ??= error as Error;
        throw error;
      } finally {
        client.removeListener('error', onError);
        // A connection that failed is destroyed, not handed to the next request.
        client.release(broken);
      }
    },
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

function logPoolError(error: Error): void {
  console.error(`${new Date().toISOString()} database connection lost (${(error as Error & { code?: string }).code ?? 'no code'}): ${error.message}; a new one is opened on demand`);
}

export function openStoreClient(env: NodeJS.ProcessEnv, defaultDataDir: string): Promise<SqlClient> {
  return env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite(env.XUNLIAN_SERVER_DATA ?? defaultDataDir);
}
