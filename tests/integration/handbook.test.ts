import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Firm } from '../../shared/domain/firm';
import type { Handbook } from '../../shared/domain/handbook';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';

describe('the firm handbook (企业手册) from the laptop’s copy of the register', () => {
  const dir = tempDir('handbook');
  const app = testApp({ dataDir: dir, platform: fixedPathPlatform(join(dir, 'handbook.xlsx')) });
  let found: Firm;

  beforeAll(async () => {
    const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: {} }));
    await expectOk(app.dispatch('visits.complete', { id, answers: fullAnswers() }));
    // A firm found in the field, not yet in the register: not in the handbook.
    found = await expectOk<Firm>(app.dispatch('firms.save', { creditCode: '91371502MA3R8T2W4C', name: '聊城新发现建材有限公司', countyCode: '371502', address: '', chainSegment: 'midstream', categories: [], keyTier: 'none', zjtxLevel: 'none', contacts: [], certifications: [] }));
  });
  afterAll(() => app.close());

  it('groups registered firms by county and chain segment, key firms first, with certificates, last diagnosis and open problems', async () => {
    const handbook = await expectOk<Handbook>(app.dispatch('handbook.get', { withContacts: false }));
    expect(handbook.total).toBe(12);
    const ids = handbook.sections.flatMap((s) => s.entries.map((e) => e.id));
    expect(ids).not.toContain(found.id);
    // Counties in code order; within one, upstream → midstream → downstream; each county and segment once.
    const order = handbook.sections.map((s) => `${s.countyCode}/${['upstream', 'midstream', 'downstream'].indexOf(s.chainSegment)}`);
    expect(order).toEqual([...order].sort());
    expect(new Set(order).size).toBe(order.length);
    const dongchangfu = handbook.sections.find((s) => s.countyCode === '371502' && s.chainSegment === 'midstream')!;
    expect(dongchangfu.entries.map((e) => e.name)).toEqual(['聊城绿筑新型墙材有限公司', '聊城预拌混凝土有限公司']);
    const demo01 = dongchangfu.entries.find((e) => e.id === 'demo-01')!;
    expect(demo01).toMatchObject({ keyTier: 'key', lastDiagnosis: '2026-11-20', openProblems: 1, contacts: [] });
    expect(demo01.certifications).toEqual([expect.objectContaining({ product: '预拌混凝土', starLevel: 3, certificateNo: 'LJC-2023-GBM-0101' })]);

    const withContacts = await expectOk<Handbook>(app.dispatch('handbook.get', { withContacts: true, countyCode: '371502' }));
    expect(withContacts.sections.every((s) => s.countyCode === '371502')).toBe(true);
    // Masked by default (issue 32); in full only when asked for.
    expect(withContacts.sections.flatMap((s) => s.entries).find((e) => e.id === 'demo-01')?.contacts).toEqual([{ name: '王建国', role: '总经理', phone: '0635****00' }]);
    const withPhones = await expectOk<Handbook>(app.dispatch('handbook.get', { withContacts: true, fullPhones: true, countyCode: '371502' }));
    expect(withPhones.sections.flatMap((s) => s.entries).find((e) => e.id === 'demo-01')?.contacts).toEqual([{ name: '王建国', role: '总经理', phone: '0635-0000000' }]);
  });

  it('exports the same entries as a workbook, contacts only when asked', async () => {
    for (const withContacts of [false, true]) {
      expect(await expectOk(app.dispatch('exports.handbookXlsx', { withContacts }))).toMatchObject({ status: 'saved', rows: 12 });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync(join(dir, 'handbook.xlsx')) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers.includes('联系人')).toBe(withContacts);
      expect(sheet.actualRowCount).toBe(13);
      const row = sheet.getRow(2).values as unknown[];
      expect(row.slice(1, 4)).toEqual(['东昌府区', '中游制造', '聊城绿筑新型墙材有限公司']);
    }
  });
});
