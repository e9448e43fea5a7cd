import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpiringCertificates } from '../../shared/domain/certificates';
import type { Firm } from '../../shared/domain/firm';
import { localToday } from '../../shared/domain/visit';
import { expectOk, fullAnswers, testApp } from '../fixtures/app';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

const inDays = (days: number) => localToday(new Date(Date.now() + days * 86_400_000));

/**
 * Certificates a diagnosis records reach the firm (issue 26): the firm page and the expiry
 * warning show them at once, with the visit as their source; the change goes to the register as
 * a firm change and the register keeps the source; recording the same again changes nothing.
 */
describe.each(SERVER_STORES)("a diagnosis's certificates (%s)", (store) => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await inProcessServer(store, [{ username: 'wang', counties: ['371502'] }]);
  }, 120_000);
  afterAll(() => server?.close());

  it('update the firm and its expiry warning, travel to the register as a firm change, and are not queued twice', async () => {
    const app = testApp({ token: '' });
    try {
      await expectOk(app.dispatch('account.signIn', { serverUrl: server.url, username: 'wang', password: 'correct horse 1' }));
      await app.sync.syncNow();
      const before = await expectOk<Firm>(app.dispatch('firms.get', { id: 'demo-02' }));
      expect(before.certifications.map((c) => c.certificateNo).sort()).toEqual(['LJC-2021-GBM-0057', 'LJC-2023-GBM-0102']);

      const soon = inDays(20);
      const green = {
        certified: [
          { product: '砌体材料', starLevel: 3, certificateNo: 'LJC-2023-GBM-0102', validUntil: '2028-03-31' }, // as the register holds it: unchanged
          { product: '保温系统材料', starLevel: 3, certificateNo: 'ljc-2021-gbm-0057', validUntil: '2029-12-31' }, // renewed at three stars (number typed in lower case)
          { product: '预拌混凝土', starLevel: 2, certificateNo: 'LJC-2026-GBM-0301', validUntil: soon }, // new, expiring soon
          { product: '预制构件', starLevel: 1 }, // no number or date: the survey's alone
        ],
        plans: [],
      };
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'diagnosis', answers: {} }));
      await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers({ green } as never) }));

      const after = await expectOk<Firm>(app.dispatch('firms.get', { id: 'demo-02' }));
      const byNo = new Map(after.certifications.map((c) => [c.certificateNo.toUpperCase(), c]));
      expect(after.certifications).toHaveLength(3);
      expect(byNo.get('LJC-2023-GBM-0102')).toMatchObject({ sourceVisitId: null });
      expect(byNo.get('LJC-2021-GBM-0057')).toMatchObject({ starLevel: 3, validUntil: '2029-12-31', expired: false, sourceVisitId: id });
      expect(byNo.get('LJC-2026-GBM-0301')).toMatchObject({ product: '预拌混凝土', validUntil: soon, sourceVisitId: id });
      const warning = await expectOk<ExpiringCertificates>(app.dispatch('certificates.expiring', {}));
      expect(warning.items.filter((c) => c.firmId === 'demo-02').map((c) => c.certificateNo)).toEqual(['LJC-2026-GBM-0301']);
      expect(app.db.prepare(`SELECT COUNT(*) AS n FROM firm_outbox WHERE firm_id = 'demo-02' AND state = 'pending'`).get()).toEqual({ n: 1 });

      await app.sync.syncNow();
      const { rows } = await server.stores.client.query<{ data: { certifications: { certificateNo: string; sourceVisitId?: string }[] } | string }>(`SELECT data FROM directory_firms WHERE id = 'demo-02'`);
      const data = typeof rows[0]!.data === 'string' ? (JSON.parse(rows[0]!.data) as { certifications: { certificateNo: string; sourceVisitId?: string }[] }) : rows[0]!.data;
      expect(data.certifications.find((c) => c.certificateNo === 'LJC-2026-GBM-0301')).toMatchObject({ sourceVisitId: id });
      // The register's copy comes back with the next pull, source and all.
      await app.sync.syncNow();
      expect((await expectOk<Firm>(app.dispatch('firms.get', { id: 'demo-02' }))).certifications.find((c) => c.certificateNo === 'LJC-2026-GBM-0301')).toMatchObject({ sourceVisitId: id });

      // The same certificates again in a later diagnosis: nothing new for the register.
      const again = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-02', kind: 'diagnosis', answers: {} }));
      await expectOk(app.dispatch('visits.complete', { id: again.id, answers: fullAnswers({ green: { certified: green.certified.slice(0, 3), plans: [] } } as never) }));
      expect(app.db.prepare(`SELECT COUNT(*) AS n FROM firm_outbox WHERE firm_id = 'demo-02' AND state = 'pending'`).get()).toEqual({ n: 0 });
    } finally {
      await app.close();
    }
  }, 120_000);
});
