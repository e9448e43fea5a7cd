import { gzipSync } from 'node:zlib';
import type { PushedVisit } from '../../shared/api/sync-protocol';
import { contentHash } from '../../shared/domain/canonical';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { PlacedVisit } from '../../server/store/visit-store';
import { openServerStores } from '../../server/store/open';
import { fullAnswers } from '../fixtures/app';
import { DEV_TOKEN, freePort, startCentralServer, tempDir } from '../fixtures/processes';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../fixtures/server-stores';
import { sized, type Benchmark, type RawFigure } from './harness';

const VISITS = sized(4000, 400);
const BATCH = 100;

export async function makeVisits(count: number): Promise<PushedVisit[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const body = {
        id: uuidv7(),
        revision: 1,
        firmId: `demo-0${1 + (i % 8)}`,
        kind: 'diagnosis' as const,
        officer: 'bench',
        completedAt: new Date().toISOString(),
        firm: { name: '聊城预拌混凝土有限公司', creditCode: '91371502MA3C1B2K52', countyCode: '371502' as const },
        answers: fullAnswers({ conclusion: `第 ${i} 次走访` }) as Record<string, unknown>,
        attachments: [],
      };
      return { ...body, contentHash: await contentHash(body) };
    }),
  );
}

/** Pushes pre-built gzip batches straight at the server process (no laptop), as fast as it answers. */
async function ingest(env: Record<string, string>, visits: PushedVisit[]): Promise<number> {
  const server = await startCentralServer({ port: await freePort(), env });
  try {
    const bodies = [];
    for (let i = 0; i < visits.length; i += BATCH) bodies.push(gzipSync(JSON.stringify({ protocol: 1, visits: visits.slice(i, i + BATCH) })));
    const send = async (body: Buffer) => {
      const res = await fetch(`${server.url}/api/v1/visits/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body,
      });
      const json = (await res.json()) as { results: { status: string }[] };
      if (json.results.some((r) => r.status !== 'created')) throw new Error('ingest rejected a visit');
    };
    await send(bodies.shift()!); // warm-up batch, not timed
    const start = performance.now();
    for (const body of bodies) await send(body);
    return ((bodies.length * BATCH) / (performance.now() - start)) * 1000;
  } finally {
    await server.stop();
  }
}

/** A visit stored as it came (the baseline skips the register lookups a push makes). */
export function placedAsIs(visit: PushedVisit): PlacedVisit {
  return { visit, firmId: visit.firmId, countyCode: visit.firm!.countyCode, firm: visit.firm, officer: visit.officer, proposedFirm: null };
}

/** The baseline: the same rows inserted straight into the same kind of store, in batches of 100. */
async function bareInsert(env: Record<string, string>, visits: PushedVisit[]): Promise<number> {
  const stores = await openServerStores(env, tempDir('bare'));
  const placed = visits.map(placedAsIs);
  try {
    await stores.visits.insertMany(placed.slice(0, BATCH), 'dev');
    const start = performance.now();
    for (let i = BATCH; i < placed.length; i += BATCH) await stores.visits.insertMany(placed.slice(i, i + BATCH), 'dev');
    return ((visits.length - BATCH) / (performance.now() - start)) * 1000;
  } finally {
    await stores.client.close();
  }
}

export const serverIngest: Benchmark = {
  name: 'server-ingest',
  description: `server ingest on loopback, ${VISITS} visits in batches of ${BATCH}, PGlite and PostgreSQL`,
  async run() {
    const visits = await makeVisits(VISITS);
    const figures: RawFigure[] = [];
    const stores: [string, () => Promise<Record<string, string>>][] = [['pglite', async () => ({ XUNLIAN_SERVER_DATA: tempDir('ingest') })]];
    if (TEST_DATABASE_URL) stores.push(['postgres', async () => ({ DATABASE_URL: await freshPostgresDatabase() })]);
    else console.log('  (PostgreSQL figure skipped: XUNLIAN_SKIP_POSTGRES=1)');
    for (const [name, env] of stores) {
      // Best of two, alternating: a single bare insert into PostgreSQL varied from 7,000 to 13,000 visits/s between runs here.
      let rate = 0;
      let bare = 0;
      for (let round = 0; round < 2; round++) {
        rate = Math.max(rate, await ingest(await env(), visits));
        bare = Math.max(bare, await bareInsert(await env(), visits));
      }
      figures.push({ name: `server_ingest_${name}`, value: rate, unit: 'visits/s', goalRatio: 0.3, better: 'higher', baseline: bare });
    }
    return figures;
  },
};
