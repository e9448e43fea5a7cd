import type { Statement } from './sqlite';
import type { Db } from './open';

const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * A statement prepared once per connection and kept: compiling SQL costs more than running
 * a small statement, and a pull applies tens of thousands of rows with the same few.
 */
export function statement(db: Db, sql: string): Statement {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare(sql)));
  return s;
}
