import { pullDirectory } from '../../electron/sync/directory-pull';
import { pullProblems } from '../../electron/sync/problem-pull';
import { NO_DEMAND, NO_DEMAND_STEP, type ProblemState, type ProblemStep } from '../../shared/domain/problem-state';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { importRegister } from '../../server/register/import';
import { testApp } from '../fixtures/app';
import { inProcessServer } from '../fixtures/server-in-process';
import { TEST_DATABASE_URL } from '../fixtures/server-stores';
import { sized, type Benchmark } from './harness';
import { registerWorkbook } from './register-import.bench';

const PROBLEMS = sized(40_000, 2_000);
const CATEGORIES = ['financing', 'land', 'labour', 'market', 'approvals', 'technology'];

/**
 * An officer's first sync of the problems of a county with 40,000 of them (each with a
 * two-step trail: raised, then taken up), on a new laptop, against the same run's pull of
 * that county's part of the 20,000-firm register by the same laptop: the two things a new
 * officer's laptop receives before it can work.
 */
export const problemPull: Benchmark = {
  name: 'problem-pull',
  description: `an officer's first pull of ${PROBLEMS.toLocaleString('en')} problems of one county, against the directory pull of that county`,
  async run() {
    const kind = TEST_DATABASE_URL ? 'postgres' : 'pglite';
    const server = await inProcessServer(kind, []);
    const app = testApp({ serverUrl: server.url });
    try {
      await importRegister(server.stores.client, await registerWorkbook(), true);
      const { rows: counts } = await server.stores.client.query<{ county_code: string }>('SELECT county_code FROM directory_firms GROUP BY county_code ORDER BY count(*) DESC LIMIT 1');
      const county = counts[0]!.county_code;
      await server.stores.accounts.create({ username: 'officer', displayName: '县专员', role: 'officer', countyScope: [county], password: 'correct horse 1', mustChangePassword: false });
      const { rows: firms } = await server.stores.client.query<{ id: string; name: string; credit_code: string }>(
        `SELECT id, data->>'name' AS name, COALESCE(credit_code, '') AS credit_code FROM directory_firms WHERE county_code = $1 ORDER BY id`,
        [county],
      );
      const at = '2026-11-20T02:00:00.000Z';
      for (let done = 0; done < PROBLEMS; done += 2_000) {
        const chunk = Array.from({ length: Math.min(2_000, PROBLEMS - done) }, (_, i) => {
          const n = done + i;
          const firm = firms[n % firms.length]!;
          const raisedVisitId = uuidv7();
          const state: ProblemState = { id: uuidv7(), firmId: firm.id, raisedVisitId, category: CATEGORIES[n % CATEGORIES.length]!, description: `第${n}号问题：流动资金紧张，贷款审批周期长`, helpRequested: '协调银行续贷', department: '市住建局', urgency: 'normal', dueDate: '2026-12-31', status: 'in_progress', createdAt: at, updatedAt: at, resolvedAt: null, ...NO_DEMAND() };
          const step = (visitId: string, fromStatus: ProblemStep['fromStatus'], toStatus: ProblemStep['toStatus'], visitKind: string): ProblemStep => ({ visitId, revision: 1, fromStatus, toStatus, note: toStatus === 'open' ? '' : '已对接银行', at, officer: '王专员', visitDate: '2026-11-20', visitKind, eventTitle: null, financing: null, ...NO_DEMAND_STEP });
          return { problem_id: state.id, firm_id: firm.id, county_code: county, raised_visit_id: raisedVisitId, status: state.status, state, trail: [step(raisedVisitId, null, 'open', 'diagnosis'), step(uuidv7(), 'open', 'in_progress', 'followup')], firm: { name: firm.name, creditCode: firm.credit_code, countyCode: county } };
        });
        await server.stores.client.query(
          `INSERT INTO problem_state (problem_id, firm_id, county_code, raised_visit_id, status, state, trail, firm)
           SELECT problem_id, firm_id, county_code, raised_visit_id, status, state, trail, firm
           FROM jsonb_to_recordset($1::jsonb) AS x(problem_id text, firm_id text, county_code text, raised_visit_id uuid, status text, state jsonb, trail jsonb, firm jsonb)`,
          [JSON.stringify(chunk)],
        );
      }
      const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer', password: 'correct horse 1', deviceName: 'bench' }) });
      const { token } = (await res.json()) as { token: string };
      const http = { serverUrl: server.url, token, timeoutMs: 120_000 };

      let start = performance.now();
      const directory = await pullDirectory(app.db, http, () => new Date());
      const directorySeconds = (performance.now() - start) / 1000;
      start = performance.now();
      const received = await pullProblems(app.db, http, () => new Date());
      const problemSeconds = (performance.now() - start) / 1000;
      if (received !== PROBLEMS) throw new Error(`received ${received} problems of ${PROBLEMS}`);
      if (app.db.prepare('SELECT COUNT(*) FROM problem_events').pluck().get() !== PROBLEMS * 2) throw new Error('a trail is missing');
      console.log(`  county ${county}: ${directory.firms} firms in ${directorySeconds.toFixed(2)} s; ${received} problems in ${problemSeconds.toFixed(2)} s`);
      return [{ name: `problem_pull_${PROBLEMS / 1000}k_${kind}`, value: problemSeconds, unit: 's', goalRatio: 20, better: 'lower' as const, baseline: directorySeconds }];
    } finally {
      await app.close();
      await server.close();
    }
  },
};
