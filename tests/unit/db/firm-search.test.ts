import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Firm, FirmSummary } from '../../../shared/domain/firm';
import type { XunlianApp } from '../../../electron/services/app';
import { expectOk, fullAnswers, testApp } from '../../fixtures/app';

const NOW = new Date('2026-11-27T09:30:00+08:00');
let app: XunlianApp;
const search = async (filter: Record<string, unknown>) => expectOk<{ items: FirmSummary[]; total: number }>(app.dispatch('firms.search', filter));
const names = async (filter: Record<string, unknown>) => (await search(filter)).items.map((f) => f.name);

beforeAll(() => {
  app = testApp({ now: () => NOW });
});
afterAll(() => app.close());

describe('firm search', () => {
  it('finds any Chinese substring of 3+ characters in name or address (FTS5 trigram)', async () => {
    expect(await names({ query: '预拌混凝' })).toEqual(['聊城预拌混凝土有限公司']);
    expect(await names({ query: '工业园3号' })).toEqual(['聊城绿筑新型墙材有限公司']);
  });

  it('finds 1–2 character queries through the fast path', async () => {
    expect(await names({ query: '陶瓷' })).toEqual(['莘县宏达建筑陶瓷有限公司']);
    expect((await search({ query: '聊' })).total).toBe(3);
  });

  it('finds pinyin initials (lcyb → 聊城预拌…) and parts of credit codes', async () => {
    expect(await names({ query: 'lcyb' })).toEqual(['聊城预拌混凝土有限公司']);
    expect(await names({ query: 'LCYB' })).toEqual(['聊城预拌混凝土有限公司']);
    expect(await names({ query: 'MA3C1B2' })).toEqual(['聊城预拌混凝土有限公司']);
    expect(await names({ query: 'gx' })).toContain('冠县明光节能玻璃有限公司');
  });

  it('treats query syntax characters as text', async () => {
    expect((await search({ query: '"OR" *' })).total).toBe(0);
    expect((await search({ query: '%_' })).total).toBe(0);
  });

  it('filters by county, category, key-firm tier, 专精特新 level and "not visited in N days"', async () => {
    expect(await names({ countyCode: '371503' })).toEqual(['茌平鑫源装配式建筑科技有限公司', '茌平聚源粉煤灰综合利用有限公司']);
    expect(await names({ category: '建筑节能玻璃' })).toEqual(['冠县明光节能玻璃有限公司']);
    expect((await search({ keyTier: 'key' })).total).toBe(4);
    expect(await names({ zjtxLevel: 'little_giant' })).toEqual(['茌平鑫源装配式建筑科技有限公司']);
    expect(await names({ query: '有限', countyCode: '371525' })).toEqual(['冠县明光节能玻璃有限公司']);

    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-08', kind: 'diagnosis', answers: {} }));
    await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers() }));
    const notVisited = await names({ notVisitedDays: 30 });
    expect(notVisited).toHaveLength(11);
    expect(notVisited).not.toContain('冠县明光节能玻璃有限公司');
    expect(await names({ notVisitedDays: 5 })).toContain('冠县明光节能玻璃有限公司');
  });

  it('puts key firms first and pages with a stable total', async () => {
    const first = await search({ limit: 5 });
    const second = await search({ limit: 5, offset: 5 });
    expect(first.total).toBe(12);
    expect(first.items.slice(0, 4).every((f) => f.keyTier === 'key')).toBe(true);
    expect(new Set([...first.items, ...second.items].map((f) => f.id)).size).toBe(10);
  });

  it('sees a renamed firm at once (the search index follows writes)', async () => {
    const firm = await expectOk<Firm>(app.dispatch('firms.get', { id: 'demo-06' }));
    await expectOk(
      app.dispatch('firms.save', {
        id: firm.id,
        creditCode: firm.creditCode,
        name: '莘县华美建筑陶瓷有限公司',
        countyCode: firm.countyCode,
        address: firm.address,
        chainSegment: firm.chainSegment,
        categories: firm.categories,
        keyTier: firm.keyTier,
        zjtxLevel: firm.zjtxLevel,
        contacts: firm.contacts,
        certifications: [],
      }),
    );
    expect(await names({ query: 'sxhm' })).toEqual(['莘县华美建筑陶瓷有限公司']);
    expect(await names({ query: '华美建' })).toEqual(['莘县华美建筑陶瓷有限公司']);
    expect((await search({ query: '宏达建' })).total).toBe(0);
  });
});

describe('firm records', () => {
  it('shows certifications with expiry, refuses a duplicate credit code, accepts a confirmed check failure', async () => {
    const firm = await expectOk<Firm>(app.dispatch('firms.get', { id: 'demo-02' }));
    expect(firm.certifications.map((c) => [c.product, c.starLevel, c.expired])).toEqual([
      ['砌体材料', 3, false],
      ['保温系统材料', 2, true],
    ]);
    const base = { name: '聊城新材料有限公司', countyCode: '371502', address: '', chainSegment: 'upstream', categories: [], keyTier: 'none', zjtxLevel: 'none', contacts: [], certifications: [] };
    const dup = await app.dispatch('firms.save', { ...base, creditCode: firm.creditCode });
    expect(dup).toMatchObject({ ok: false, error: { fields: { creditCode: 'validation.creditDuplicate' } } });
    const early = await expectOk<Firm>(app.dispatch('firms.save', { ...base, creditCode: '91350100M000100Y44', confirmCheckFailure: true }));
    expect(early).toMatchObject({ creditCheck: 'confirmed', creditCode: '91350100M000100Y44' });
  });
});
