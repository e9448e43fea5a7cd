import { pullDirectory } from '../../electron/sync/directory-pull';
import type { FirmChange } from '../../shared/api/firm-sync';
import { COUNTIES } from '../../shared/domain/divisions';
import { testApp } from '../fixtures/app';
import { DEV_TOKEN } from '../fixtures/processes';
import { inProcessServer } from '../fixtures/server-in-process';
import { TEST_DATABASE_URL } from '../fixtures/server-stores';
import { sized, type Benchmark } from './harness';
import { FIRMS, registerWorkbook } from './register-import.bench';
import { importRegister } from '../../server/register/import';

const LAPTOPS = sized(50, 5);
const EDITS_PER_LAPTOP = sized(20, 4);

/**
 * The register in the field: 50 laptops (one officer each, eight counties) send 20
 * firm edits each at once — 1,000 changes applied field by field, once each — and a
 * new laptop pulls the whole 20,000-firm register. Baselines from the same run: the
 * same 1,000 edits sent by one laptop in one batch, and fetching and parsing the
 * directory pages without storing them.
 */
export const registerSync: Benchmark = {
  name: 'register-sync',
  description: `${LAPTOPS} laptops send ${LAPTOPS * EDITS_PER_LAPTOP} firm edits at once; a new laptop pulls a 20,000-firm register`,
  async run() {
    const accounts = Array.from({ length: LAPTOPS }, (_, i) => ({ username: `officer${i}`, counties: [COUNTIES[i % COUNTIES.length]!.code] }));
    // PostgreSQL when the bench has one (as a bureau with many laptops would run): its pool lets laptops' edits proceed in parallel.
    const kind = TEST_DATABASE_URL ? 'postgres' : 'pglite';
    const server = await inProcessServer(kind, [...accounts, { username: 'solo', counties: null }]);
    const app = testApp({ serverUrl: server.url });
    try {
      await importRegister(server.stores.client, await registerWorkbook(), true);
      const { rows } = await server.stores.client.query<{ id: string; county_code: string; version: string; address: string }>(
        `SELECT id, county_code, version::text AS version, data->>'address' AS address FROM directory_firms ORDER BY id`,
      );
      const tokens = await Promise.all(
        [...accounts.map((a) => a.username), 'solo'].map(async (username) => {
          const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse 1', deviceName: 'bench' }) });
          return ((await res.json()) as { token: string }).token;
        }),
      );
      const edit = (firm: (typeof rows)[number], text: string): FirmChange => ({ changeId: crypto.randomUUID(), firmId: firm.id, baseVersion: firm.version, values: { address: text }, base: { address: firm.address } });
      const send = async (token: string, changes: FirmChange[]) => {
        const res = await fetch(`${server.url}/api/v1/firms/changes`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ protocol: 1, changes }) });
        const body = (await res.json()) as { results: { status: string }[] };
        if (body.results.some((r) => r.status !== 'applied')) throw new Error(`an edit was not applied: ${JSON.stringify(body.results[0])}`);
      };
      // Baseline: one laptop, one batch at a time (its own firms), the same number of edits.
      const soloFirms = rows.slice(0, LAPTOPS * EDITS_PER_LAPTOP);
      let start = performance.now();
      for (let i = 0; i < soloFirms.length; i += 200) await send(tokens[LAPTOPS]!, soloFirms.slice(i, i + 200).map((f) => edit(f, `单机修改${i}`)));
      const soloRate = (soloFirms.length / (performance.now() - start)) * 1000;
      // 50 laptops at once, each editing firms of its own county.
      const byCounty = new Map<string, typeof rows>();
      for (const r of rows.slice(LAPTOPS * EDITS_PER_LAPTOP)) byCounty.set(r.county_code, [...(byCounty.get(r.county_code) ?? []), r]);
      start = performance.now();
      await Promise.all(
        accounts.map((a, i) => {
          const mine = byCounty.get(a.counties[0]!)!.splice(0, EDITS_PER_LAPTOP);
          return send(tokens[i]!, mine.map((f) => edit(f, `现场修改${i}`)));
        }),
      );
      const fieldRate = ((LAPTOPS * EDITS_PER_LAPTOP) / (performance.now() - start)) * 1000;

      // A new laptop pulls the whole register; baseline: the same pages fetched and parsed only.
      start = performance.now();
      for (let cursor = '0'; ; ) {
        const page = (await (await fetch(`${server.url}/api/v1/directory?cursor=${cursor}`, { headers: { authorization: `Bearer ${DEV_TOKEN}` } })).json()) as { cursor: string; more: boolean };
        cursor = page.cursor;
        if (!page.more) break;
      }
      const fetchSeconds = (performance.now() - start) / 1000;
      start = performance.now();
      const pulled = await pullDirectory(app.db, { serverUrl: server.url, token: DEV_TOKEN, timeoutMs: 60_000 }, () => new Date());
      const pullSeconds = (performance.now() - start) / 1000;
      if (pulled.firms < FIRMS) throw new Error(`pulled ${pulled.firms} firms`);
      return [
        { name: `firm_edits_50_laptops_${kind}`, value: fieldRate, unit: 'edits/s', goalRatio: kind === 'postgres' ? 1.5 : 0.8, better: 'higher' as const, baseline: soloRate },
        { name: `directory_pull_20k_${kind}`, value: pullSeconds, unit: 's', goalRatio: 4.8, better: 'lower' as const, baseline: fetchSeconds },
      ];
    } finally {
      await app.close();
      await server.close();
    }
  },
};
