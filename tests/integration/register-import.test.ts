import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisterReport } from '../../shared/api/register';
import { readRegisterFile } from '../../server/register/read-file';
import { ROOT } from '../fixtures/processes';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';

/** An XLSX of the bureau's list, built here the way a spreadsheet program would save it. */
async function workbook(rows: (string | number | Date)[][], headers = ['企业名称', '统一社会信用代码', '所属县（市、区）', '地址', '产业链环节', '产品类别', '重点企业层级', '专精特新']): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('名录');
  sheet.addRow(['聊城市绿色建材产业链企业名录（2026 年）']); // a title row above the header, as bureaus' lists have
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe.each(SERVER_STORES)("importing the bureau's register (%s)", (store) => {
  let server: InProcessServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'admin', role: 'admin', counties: null },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
    ]);
    for (const username of ['admin', 'zhao']) {
      const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'correct horse 1', deviceName: 'x' }) });
      tokens[username] = ((await res.json()) as { token: string }).token;
    }
  }, 120_000);
  afterAll(() => server?.close());

  const upload = async (bytes: Buffer, apply: boolean, token = tokens.admin!) => {
    const res = await fetch(`${server.url}/api/v1/register/import${apply ? '?apply=1' : ''}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytes });
    return { status: res.status, body: (await res.json()) as RegisterReport & { error?: { code: string; message: string } } };
  };

  it('reports a GB18030 CSV row by row in a dry run, and writes nothing while any row has an error', async () => {
    const csv = readFileSync(join(ROOT, 'tests/fixtures/register-gb18030.csv'));
    const before = await server.tableCounts();
    const { status, body } = await upload(csv, false);
    expect(status).toBe(200);
    const byRow = Object.fromEntries(body.rows.map((r) => [r.row, r]));
    expect(byRow[2]).toMatchObject({ status: 'new', name: '茌平华信新型建材有限公司', errors: [], warnings: [] });
    expect(byRow[3]).toMatchObject({ status: 'changed', changes: ['address'] });
    expect(byRow[4]).toMatchObject({ status: 'error', errors: [{ code: 'register.problem.malformedCode' }] });
    expect(byRow[5]).toMatchObject({ status: 'new', warnings: [{ code: 'register.problem.checkFailed' }] });
    expect(byRow[6]!.errors).toContainEqual({ code: 'register.problem.unknownCounty', value: '济南市' });
    expect(byRow[7]).toMatchObject({ status: 'error', errors: [{ code: 'register.problem.duplicateInFile', value: '8' }] });
    expect(byRow[8]).toMatchObject({ status: 'error', errors: [{ code: 'register.problem.duplicateInFile', value: '7' }] });
    expect(byRow[9]!.errors).toContainEqual({ code: 'register.problem.stars', value: '5' });
    expect(byRow[10]!.errors).toContainEqual({ code: 'register.problem.certColumns' });
    expect(byRow[11]!.errors).toContainEqual({ code: 'register.problem.segment', value: '不知道' });
    expect(body.counts).toMatchObject({ rows: 10, new: 2, changed: 1, errors: 7 });
    expect(body.ignoredHeaders).toEqual(['备注']);
    expect(body.applied).toBe(false);

    const refused = await upload(csv, true);
    expect(refused.status).toBe(422);
    expect(refused.body.error?.message).toContain('Nothing was written');
    expect(await server.tableCounts()).toEqual(before);
  });

  it('applies a clean XLSX in one go, keyed by credit code; the same file again changes nothing', async () => {
    const file = await workbook([
      ['聊城预拌混凝土有限公司', '91371502MA3C1B2K52', '东昌府区', '东昌府区新地址100号', '中游制造', '预拌混凝土', '重点企业', '省级专精特新'],
      ['茌平华信新型建材有限公司', '91371503MA3R8T2W4T', '茌平县', '信发街道工业园', '中游制造', '砌体材料、预制构件', '重点培育', ''],
      ['冠县新光玻璃有限公司', '91371525MA3W5N7Q92', 371525, '', '下游应用', '', '', '创新型中小企业'],
    ]);
    const dry = await upload(file, false);
    expect(dry.body.counts).toMatchObject({ rows: 3, new: 2, changed: 1, errors: 0 });
    // The file has no contact or certificate columns: that says nothing about them, so only the address differs.
    expect(dry.body.rows.find((r) => r.creditCode === '91371502MA3C1B2K52')?.changes).toEqual(['address']);
    const cursor = (await server.stores.directory.changesSince(0n, null)).cursor;
    const applied = await upload(file, true);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, counts: { new: 2, changed: 1 } });

    // What laptops pull: the new firm under a register id, demo-01 with its new address, same id.
    const pulled = await server.stores.directory.changesSince(BigInt(cursor), null);
    const firms = Object.fromEntries(pulled.firms.map((f) => [f.creditCode, f]));
    expect(firms['91371502MA3C1B2K52']).toMatchObject({
      id: 'demo-01',
      address: '东昌府区新地址100号',
      contacts: [{ name: '王建国', role: '总经理', phone: '0635-0000000' }],
      certifications: [expect.objectContaining({ certificateNo: 'LJC-2023-GBM-0101' })],
    });
    expect(firms['91371503MA3R8T2W4T']).toMatchObject({ id: 'reg-91371503MA3R8T2W4T', countyCode: '371503', keyTier: 'cultivated', zjtxLevel: 'none', categories: ['砌体材料', '预制构件'] });
    expect(firms['91371525MA3W5N7Q92']).toMatchObject({ id: 'reg-91371525MA3W5N7Q92', countyCode: '371525', chainSegment: 'downstream', zjtxLevel: 'innovative' });

    // The key-firm list keeps what the import set: the new cultivated firm entered it.
    const { rows: history } = await server.stores.client.query<{ firm_id: string; field: string; from_value: string; to_value: string; reason: string }>(
      `SELECT firm_id, field, from_value, to_value, reason FROM firm_tier_changes WHERE firm_id = 'reg-91371503MA3R8T2W4T' ORDER BY field`,
    );
    expect(history).toEqual([{ firm_id: 'reg-91371503MA3R8T2W4T', field: 'keyTier', from_value: 'none', to_value: 'cultivated', reason: '名录导入' }]);

    const again = await upload(file, true);
    expect(again.body.counts).toMatchObject({ new: 0, changed: 0, unchanged: 3 });
    expect((await server.stores.directory.changesSince(BigInt(pulled.cursor), null)).firms).toEqual([]);
  });

  it('gives the template to fill, which reads back as a valid register', async () => {
    const res = await fetch(`${server.url}/api/v1/register/template`, { headers: { authorization: `Bearer ${tokens.admin}` } });
    const { fileName, contentBase64 } = (await res.json()) as { fileName: string; contentBase64: string };
    expect(fileName).toMatch(/\.xlsx$/);
    const sheet = await readRegisterFile(Buffer.from(contentBase64, 'base64'));
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.ignoredHeaders).toEqual([]);
    expect((await upload(Buffer.from(contentBase64, 'base64'), false)).body.counts.errors).toBe(0);
  });

  it('is for administrators only, and takes the file as bytes', async () => {
    const file = await workbook([]);
    expect((await upload(file, false, tokens.zhao)).status).toBe(403);
    const json = await fetch(`${server.url}/api/v1/register/import`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect((await fetch(`${server.url}/api/v1/register/template`, { headers: { authorization: `Bearer ${tokens.zhao}` } })).status).toBe(403);
  });
});
