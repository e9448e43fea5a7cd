import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Firm, FirmInput } from '../../shared/domain/firm';
import type { Visit } from '../../shared/domain/visit';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';

const FOUND: Omit<FirmInput, 'name'> = { creditCode: '91371502MA3R8T2W4C', countyCode: '371502', address: '东昌府区工业园', chainSegment: 'midstream', categories: ['预拌砂浆'], keyTier: 'none', zjtxLevel: 'none', contacts: [], certifications: [] };

describe('firms found and edited in the field reach the register (laptops and server, real stores)', () => {
  let server: InProcessServer;
  const laptops: Record<string, ReturnType<typeof testApp>> = {};

  beforeAll(async () => {
    server = await inProcessServer('pglite', [
      { username: 'wang', counties: ['371502'] },
      { username: 'qian', counties: ['371502'] },
    ]);
    for (const username of ['wang', 'qian']) {
      const app = testApp({ serverUrl: server.url, token: '' });
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username, password: 'correct horse 1' }));
      await expectOk(app.dispatch('sync.now', {})); // pulls the register: each firm with its version
      laptops[username] = app;
    }
  }, 120_000);
  afterAll(async () => {
    for (const app of Object.values(laptops)) await app.close();
    await server.close();
  });

  const save = (who: string, firm: FirmInput) => expectOk<Firm>(laptops[who]!.dispatch('firms.save', firm));
  const sync = (who: string) => expectOk(laptops[who]!.dispatch('sync.now', {}));
  const diagnose = async (who: string, firmId: string) => {
    const { id } = await expectOk<{ id: string }>(laptops[who]!.dispatch('visits.saveDraft', { firmId, kind: 'diagnosis', answers: {} }));
    return expectOk<Visit>(laptops[who]!.dispatch('visits.complete', { id, answers: fullAnswers() }));
  };

  it('a firm added offline is proposed to the register with its visit; the same firm from another laptop is merged, its visit following', async () => {
    const wangFirm = await save('wang', { ...FOUND, name: '聊城新发现建材有限公司' });
    expect(wangFirm.registerState).toBe('local');
    const wangVisit = await diagnose('wang', wangFirm.id);
    const qianFirm = await save('qian', { ...FOUND, name: '聊城新发现建材公司' });
    const qianVisit = await diagnose('qian', qianFirm.id);

    await sync('wang');
    expect((await expectOk<Firm>(laptops.wang!.dispatch('firms.get', { id: wangFirm.id }))).registerState).toBe('proposed');
    await sync('qian');
    // qian's laptop now knows the firm by the register's id; its visit and the old id follow.
    const merged = await expectOk<Firm>(laptops.qian!.dispatch('firms.get', { id: qianFirm.id }));
    expect(merged.id).toBe(wangFirm.id);
    expect(merged.mergedFrom).toBe(true);
    expect((await expectOk<Visit>(laptops.qian!.dispatch('visits.get', { id: qianVisit.id }))).firmId).toBe(wangFirm.id);

    const { rows } = await server.stores.client.query<{ visit_id: string; firm_id: string }>('SELECT visit_id, firm_id FROM visit_revisions WHERE visit_id IN ($1, $2) ORDER BY visit_id', [wangVisit.id, qianVisit.id]);
    expect(rows.map((r) => r.firm_id)).toEqual([wangFirm.id, wangFirm.id]);
    const count = await server.stores.client.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM directory_firms WHERE credit_code = $1', [FOUND.creditCode]);
    expect(Number(count.rows[0]!.n)).toBe(1);
    // qian's spelling is not lost: it waits as a conflict for a supervisor.
    const conflict = await server.stores.client.query<{ proposed_value: unknown }>(`SELECT proposed_value FROM firm_conflicts WHERE firm_id = $1 AND field = 'name'`, [wangFirm.id]);
    expect(conflict.rows.map((r) => r.proposed_value)).toEqual(['聊城新发现建材公司']);
  });

  it('edits of different fields on two laptops both reach the register and come back to both', async () => {
    const demo = await expectOk<Firm>(laptops.wang!.dispatch('firms.get', { id: 'demo-04' }));
    const input = (f: Firm): FirmInput => ({ id: f.id, creditCode: f.creditCode, name: f.name, countyCode: f.countyCode, address: f.address, chainSegment: f.chainSegment, categories: f.categories, keyTier: f.keyTier, zjtxLevel: f.zjtxLevel, contacts: f.contacts, certifications: f.certifications.map(({ product, starLevel, certificateNo, validUntil }) => ({ product, starLevel, certificateNo, validUntil })) });
    // demo-04 is in 临清 (371581), out of these officers' counties: edits there are refused by the register.
    expect(demo.countyCode).toBe('371581');
    const own = await expectOk<Firm>(laptops.wang!.dispatch('firms.get', { id: 'demo-02' }));
    await save('wang', { ...input(own), address: '东昌府区新址8号' });
    await save('qian', { ...input(own), contacts: [{ name: '李红', role: '董事长', phone: '0635-2222222' }] });
    await sync('wang');
    await sync('qian');
    await sync('wang');
    for (const who of ['wang', 'qian']) {
      const seen = await expectOk<Firm>(laptops[who]!.dispatch('firms.get', { id: 'demo-02' }));
      expect({ who, address: seen.address, contacts: seen.contacts }).toEqual({ who, address: '东昌府区新址8号', contacts: [{ name: '李红', role: '董事长', phone: '0635-2222222' }] });
    }
  });

  it("an officer's laptop cannot change a firm's key-firm tier or SRDI level", async () => {
    const firm = await expectOk<Firm>(laptops.wang!.dispatch('firms.get', { id: 'demo-06' }));
    expect(firm.keyTier).toBe('none');
    const saved = await save('wang', { id: firm.id, creditCode: firm.creditCode, name: firm.name, countyCode: firm.countyCode, address: firm.address, chainSegment: firm.chainSegment, categories: firm.categories, keyTier: 'key', zjtxLevel: 'little_giant', contacts: firm.contacts, certifications: [] });
    expect({ keyTier: saved.keyTier, zjtx: saved.zjtxLevel }).toEqual({ keyTier: 'none', zjtx: 'none' });
  });
});
