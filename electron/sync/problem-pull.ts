import { ProblemChangesBody } from '../../shared/api/problem-sync';
import type { Db } from '../../db/open';
import { lazyBanks, receiveProblem } from '../../db/repositories/problem-receipt';
import { getSetting, setSetting } from '../../db/repositories/settings';
import { requestJson, TransportError, type HttpConfig } from './http';

const CURSOR_KEY = 'problems.cursor';

/**
 * Receives the problems of this account's counties as the server keeps them — raised
 * and moved by any officer — page by page from the stored cursor. Each page and its
 * cursor are applied in one transaction: an interrupted pull resumes where it stopped.
 * Returns how many problems changed here.
 */
export async function pullProblems(db: Db, http: HttpConfig, now: () => Date, onPage?: (received: number) => void): Promise<number> {
  let received = 0;
  for (let page = 0; page < 10_000; page++) {
    const cursor = getSetting(db, CURSOR_KEY) ?? '0';
    let value: ProblemChangesBody;
    try {
      ({ value } = await requestJson(http, `/api/v1/problems/changes?cursor=${cursor}`, ProblemChangesBody));
    } catch (error) {
      // A server from before it kept problems (404) has none to give: this laptop's own view stands.
      if (error instanceof TransportError && error.httpStatus === 404) return received;
      throw error;
    }
    db.transaction(() => {
      const at = now().toISOString();
      const banks = lazyBanks(db);
      for (const p of value.problems) receiveProblem(db, p, at, banks);
      setSetting(db, CURSOR_KEY, value.cursor);
    })();
    received += value.problems.length;
    onPage?.(received);
    if (!value.more) break;
  }
  return received;
}
