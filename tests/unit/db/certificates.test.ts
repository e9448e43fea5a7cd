import { afterAll, describe, expect, it } from 'vitest';
import type { ExpiringCertificates } from '../../../shared/domain/certificates';
import { expectOk, testApp } from '../../fixtures/app';

const app = testApp({ now: () => new Date('2026-11-28T10:00:00+08:00') });
afterAll(() => app.close());
const add = (id: string, firmId: string, validUntil: string) =>
  app.db.prepare(`INSERT INTO firm_certifications (id, firm_id, product, star_level, certificate_no, valid_until) VALUES (?, ?, '预拌混凝土', 3, ?, ?)`).run(id, firmId, `NO-${id}`, validUntil);

describe('certificates about to expire (the officer’s home screen)', () => {
  it('lists the firms’ certificates within the window ahead and those expired within it, soonest first, with days left', async () => {
    add('x1', 'demo-01', '2026-11-28'); // last valid day: 0 days left, not expired
    add('x2', 'demo-03', '2027-02-26'); // 90 days ahead
    add('x3', 'demo-04', '2027-02-27'); // 91: not yet
    add('x4', 'demo-05', '2026-09-01'); // expired 88 days ago
    add('x5', 'demo-06', '2026-08-30'); // expired 90 days ago: the window's edge
    add('x6', 'demo-07', '2026-08-29'); // 91 days ago: old news
    const shown = await expectOk<ExpiringCertificates>(app.dispatch('certificates.expiring', {}));
    expect(shown.withinDays).toBe(90);
    const ours = shown.items.filter((c) => c.certificateNo.startsWith('NO-'));
    expect(ours.map((c) => [c.certificateNo, c.daysLeft])).toEqual([
      ['NO-x5', -90],
      ['NO-x4', -88],
      ['NO-x1', 0],
      ['NO-x2', 90],
    ]);
    // The demo's own certificate expiring 45 days after the store was made is there too.
    expect(shown.items.find((c) => c.firmId === 'demo-11')).toMatchObject({ product: '预拌砂浆', daysLeft: 45 });
  });

  it('keeps the officer’s choice of window, and refuses any other value', async () => {
    const narrower = await expectOk<ExpiringCertificates>(app.dispatch('certificates.setWarningDays', { days: 30 }));
    expect(narrower.withinDays).toBe(30);
    expect(narrower.items.filter((c) => c.certificateNo.startsWith('NO-')).map((c) => c.certificateNo)).toEqual(['NO-x1']);
    expect((await expectOk<ExpiringCertificates>(app.dispatch('certificates.expiring', {}))).withinDays).toBe(30);
    expect(await app.dispatch('certificates.setWarningDays', { days: 45 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
