import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirmChange, FirmChangeResult } from '../../shared/api/firm-sync';
import type { PushItemResult } from '../../shared/api/sync-protocol';
import { inProcessServer, type InProcessServer } from '../fixtures/server-in-process';
import { SERVER_STORES } from '../fixtures/server-stores';
import { pushedVisit } from '../security/visits';
import { importRegister } from '../../server/register/import';
import { makeCreditCode } from '../../shared/domain/credit-code';

const NEW_CODE = '91371502MA3R8T2W4C'; // valid, not in the demo register

describe.each(SERVER_STORES)('firms from the field join the register (%s)', (store) => {
  let server: InProcessServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await inProcessServer(store, [
      { username: 'wang', counties: ['371502'] },
      { username: 'qian', counties: ['371502'] },
      { username: 'li', counties: ['371521'] },
      { username: 'zhao', role: 'supervisor', counties: ['371502'] },
      { username: 'sun', role: 'supervisor', counties: ['371521'] },
    ]);
    for (const u of Object.keys({ wang: 1, qian: 1, li: 1, zhao: 1, sun: 1 })) {
      const res = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'correct horse 1', deviceName: 'x' }) });
      tokens[u] = ((await res.json()) as { token: string }).token;
    }
  }, 120_000);
  afterAll(() => server?.close());

  const post = async (path: string, token: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const send = async (token: string, changes: Partial<FirmChange>[]) => (await post('/api/v1/firms/changes', token, { protocol: 1, changes })).body.results as FirmChangeResult[];
  const change = (over: Partial<FirmChange>): Partial<FirmChange> => ({ changeId: crypto.randomUUID(), baseVersion: null, values: {}, base: {}, ...over });
  const registerRow = async (id: string) =>
    (await server.stores.client.query<{ data: Record<string, unknown> | string; status: string; version: string }>('SELECT data, status, version::text AS version FROM directory_firms WHERE id = $1', [id])).rows.map((r) => ({
      ...r,
      data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data,
    }))[0];
  const newFirm = (firmId: string, name: string) => change({ firmId, creditCode: NEW_CODE, countyCode: '371502', values: { name, chainSegment: 'midstream', address: '东昌府区工业园', categories: ['预拌砂浆'], contacts: [], certifications: [] } });

  it('one new firm proposed from two laptops is one register entry; both laptops’ visits follow it', async () => {
    const first = await send(tokens.wang!, [newFirm('firm-wang-1', '聊城新发现建材有限公司')]);
    expect(first).toMatchObject([{ status: 'proposed', firmId: 'firm-wang-1' }]);
    const second = await send(tokens.qian!, [newFirm('firm-qian-9', '聊城新发现建材公司')]);
    expect(second).toMatchObject([{ status: 'merged', firmId: 'firm-wang-1', conflicts: ['name'] }]);
    const { rows } = await server.stores.client.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM directory_firms WHERE credit_code = $1', [NEW_CODE]);
    expect(Number(rows[0]!.n)).toBe(1);
    // Nothing qian typed is lost: the other spelling of the name waits as a conflict.
    const conflicts = await server.stores.client.query<{ field: string; proposed_value: unknown }>("SELECT field, proposed_value FROM firm_conflicts WHERE firm_id = 'firm-wang-1'");
    expect(conflicts.rows).toEqual([{ field: 'name', proposed_value: '聊城新发现建材公司' }]);

    // Visits of both laptops, each with its own id for the firm, land under the register's.
    const a = await pushedVisit('firm-wang-1', '371502');
    const b = await pushedVisit('firm-qian-9', '371502');
    expect(((await post('/api/v1/visits/batch', tokens.wang!, { protocol: 1, visits: [a] })).body.results as PushItemResult[])[0]?.status).toBe('created');
    expect(((await post('/api/v1/visits/batch', tokens.qian!, { protocol: 1, visits: [b] })).body.results as PushItemResult[])[0]?.status).toBe('created');
    const stored = await server.stores.client.query<{ firm_id: string }>('SELECT firm_id FROM visit_revisions WHERE visit_id IN ($1, $2)', [a.id, b.id]);
    expect(stored.rows.map((r) => r.firm_id)).toEqual(['firm-wang-1', 'firm-wang-1']);
  });

  it('a proposed firm is in the register at once, marked proposed, until a supervisor of its county accepts it', async () => {
    const pulled = await server.stores.directory.changesSince(0n, ['371502']);
    expect(pulled.firms.find((f) => f.id === 'firm-wang-1')).toMatchObject({ registerStatus: 'proposed', keyTier: 'none' });
    const review = await fetch(`${server.url}/api/v1/firms/review`, { headers: { authorization: `Bearer ${tokens.zhao}` } });
    expect(((await review.json()) as { proposed: { id: string }[] }).proposed.map((p) => p.id)).toContain('firm-wang-1');
    expect((await post('/api/v1/firms/firm-wang-1/accept', tokens.wang!, {})).status).toBe(403);
    expect((await post('/api/v1/firms/firm-wang-1/accept', tokens.sun!, {})).status).toBe(403);
    expect((await post('/api/v1/firms/firm-wang-1/accept', tokens.zhao!, {})).status).toBe(200);
    expect((await registerRow('firm-wang-1'))?.status).toBe('registered');
  });

  it('edits of different fields since the base version both apply; the same field twice is a conflict, both values kept', async () => {
    const base = (await registerRow('demo-01'))!;
    const contacts = [{ name: '王建国', role: '董事长', phone: '0635-1111111' }];
    const editA = change({ firmId: 'demo-01', baseVersion: base.version, values: { address: '东昌府区新址1号' }, base: { address: base.data.address as string } });
    const editB = change({ firmId: 'demo-01', baseVersion: base.version, values: { contacts }, base: { contacts: base.data.contacts as never } });
    expect(await send(tokens.wang!, [editA])).toMatchObject([{ status: 'applied' }]);
    expect(await send(tokens.qian!, [editB])).toMatchObject([{ status: 'applied' }]);
    const merged = (await registerRow('demo-01'))!;
    expect({ address: merged.data.address, contacts: merged.data.contacts }).toEqual({ address: '东昌府区新址1号', contacts });

    const nameA = change({ firmId: 'demo-01', baseVersion: merged.version, values: { name: '聊城预拌混凝土集团有限公司' }, base: { name: base.data.name as string } });
    const nameB = change({ firmId: 'demo-01', baseVersion: merged.version, values: { name: '聊城市预拌混凝土有限公司' }, base: { name: base.data.name as string } });
    expect(await send(tokens.wang!, [nameA])).toMatchObject([{ status: 'applied' }]);
    expect(await send(tokens.qian!, [nameB])).toMatchObject([{ status: 'conflict', conflicts: ['name'] }]);
    expect((await registerRow('demo-01'))!.data.name).toBe('聊城预拌混凝土集团有限公司');
    const { rows } = await server.stores.client.query<{ id: string; proposed_value: unknown; register_value: unknown }>("SELECT id::text AS id, proposed_value, register_value FROM firm_conflicts WHERE firm_id = 'demo-01' AND resolved_at IS NULL");
    expect(rows).toEqual([{ id: expect.any(String), proposed_value: '聊城市预拌混凝土有限公司', register_value: '聊城预拌混凝土集团有限公司' }]);
    // The supervisor keeps the other officer's spelling: it becomes the register's, as a change laptops pull.
    expect((await post(`/api/v1/firms/conflicts/${rows[0]!.id}/resolve`, tokens.zhao!, { keep: 'proposed' })).status).toBe(200);
    expect((await registerRow('demo-01'))!.data.name).toBe('聊城市预拌混凝土有限公司');
  });

  it('applies each change once, and keeps officers to their counties and off the key-firm list', async () => {
    const row = (await registerRow('demo-02'))!;
    const edit = change({ firmId: 'demo-02', baseVersion: row.version, values: { address: '东昌府区新址2号' }, base: {} });
    const first = await send(tokens.wang!, [edit]);
    const again = await send(tokens.wang!, [edit]);
    expect(again).toEqual(first);
    expect((await registerRow('demo-02'))!.version).toBe(first[0]!.version);

    expect(await send(tokens.li!, [change({ firmId: 'demo-01', baseVersion: row.version, values: { address: 'x' } })])).toMatchObject([{ status: 'rejected', reasons: ['firmId: validation.outOfScope'] }]);
    expect(await send(tokens.li!, [change({ ...newFirm('firm-li-1', '外县新厂'), creditCode: '91371525MA3W5N7Q92' })])).toMatchObject([{ status: 'rejected', reasons: ['countyCode: validation.outOfScope'] }]);
    const tier = await send(tokens.wang!, [{ ...change({ firmId: 'demo-02', baseVersion: row.version }), values: { keyTier: 'key' } as never }]);
    expect(tier[0]?.status).toBe('rejected');
    expect((await registerRow('demo-02'))!.data.keyTier).toBe((row.data.keyTier as string));
    expect((await post('/api/v1/firms/changes', tokens.zhao!, { protocol: 1, changes: [edit] })).status).toBe(403);
  });

  it('keeps the key-firm list: an officer asks, a supervisor of the county decides, every change with from, to, reason and who', async () => {
    const before = (await registerRow('demo-01'))!.data.keyTier as string;
    expect(before).toBe('key');
    const asked = await post('/api/v1/firms/demo-01/tier', tokens.wang!, { field: 'keyTier', to: 'cultivated', reason: '产值连续两年下降' });
    expect(asked).toMatchObject({ status: 200, body: { change: { status: 'proposed', from: 'key', to: 'cultivated', proposedBy: 'wang-name' } } });
    expect((await registerRow('demo-01'))!.data.keyTier).toBe('key'); // an officer's request changes nothing yet
    const id = (asked.body.change as { id: string }).id;
    expect((await post(`/api/v1/firms/tier-changes/${id}/decide`, tokens.sun!, { accept: true })).status).toBe(403); // another county's supervisor
    expect((await post(`/api/v1/firms/tier-changes/${id}/decide`, tokens.wang!, { accept: true })).status).toBe(403); // the officer
    expect((await post(`/api/v1/firms/tier-changes/${id}/decide`, tokens.zhao!, { accept: true })).body).toMatchObject({ change: { status: 'applied', decidedBy: 'zhao-name' } });
    expect((await registerRow('demo-01'))!.data.keyTier).toBe('cultivated');

    // A decline says why, or is refused; the reason goes back with the change for the officer to read.
    const second = ((await post('/api/v1/firms/demo-01/tier', tokens.wang!, { field: 'keyTier', to: 'key', reason: '新增订单，产值回升' })).body.change as { id: string }).id;
    expect(await post(`/api/v1/firms/tier-changes/${second}/decide`, tokens.zhao!, { accept: false })).toMatchObject({ status: 400, body: { error: { key: 'validation.declineReason' } } });
    expect(await post(`/api/v1/firms/tier-changes/${second}/decide`, tokens.zhao!, { accept: false, note: '  ' })).toMatchObject({ status: 400 });
    expect((await post(`/api/v1/firms/tier-changes/${second}/decide`, tokens.zhao!, { accept: false, note: '待年报数据出来后再议' })).body).toMatchObject({ change: { status: 'declined', decisionNote: '待年报数据出来后再议' } });
    expect((await registerRow('demo-01'))!.data.keyTier).toBe('cultivated');

    // A supervisor decides at once, within the county only.
    expect((await post('/api/v1/firms/demo-01/tier', tokens.zhao!, { field: 'zjtxLevel', to: 'little_giant', reason: '入选第六批国家级小巨人' })).body).toMatchObject({ change: { status: 'applied' } });
    expect((await post('/api/v1/firms/demo-01/tier', tokens.sun!, { field: 'zjtxLevel', to: 'none', reason: '测试越权' })).status).toBe(403);
    expect((await post('/api/v1/firms/demo-01/tier', tokens.zhao!, { field: 'keyTier', to: 'gold', reason: '无效层级' })).status).toBe(400);

    const history = await fetch(`${server.url}/api/v1/firms/demo-01/tier-history`, { headers: { authorization: `Bearer ${tokens.wang}` } });
    const changes = ((await history.json()) as { changes: { field: string; from: string; to: string; reason: string; status: string }[] }).changes;
    expect(changes.map((c) => [c.field, c.from, c.to, c.status])).toEqual([
      ['zjtxLevel', 'provincial', 'little_giant', 'applied'],
      ['keyTier', 'cultivated', 'key', 'declined'],
      ['keyTier', 'key', 'cultivated', 'applied'],
    ]);

    // The list as it stood yesterday and as it stands today, and what changed today (Beijing days).
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const list = async (asOf: string) => {
      const res = await fetch(`${server.url}/api/v1/key-firms?asOf=${asOf}&from=${day(0)}&to=${day(0)}`, { headers: { authorization: `Bearer ${tokens.zhao}` } });
      return (await res.json()) as { firms: { id: string; tier: string; countyCode: string }[]; changes: { firmId: string; kind: string; from: string; to: string }[] };
    };
    const yesterday = await list(day(-1));
    const today = await list(day(0));
    expect(yesterday.firms.find((f) => f.id === 'demo-01')?.tier).toBe('key');
    expect(today.firms.find((f) => f.id === 'demo-01')?.tier).toBe('cultivated');
    expect(today.firms.every((f) => f.countyCode === '371502')).toBe(true); // the supervisor's county only
    expect(today.changes).toContainEqual(expect.objectContaining({ firmId: 'demo-01', kind: 'moved', from: 'key', to: 'cultivated' }));
    expect((await fetch(`${server.url}/api/v1/key-firms?asOf=${day(0)}&from=${day(0)}&to=${day(0)}`, { headers: { authorization: `Bearer ${tokens.wang}` } })).status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/key-firms?asOf=yesterday&from=${day(0)}&to=${day(0)}`, { headers: { authorization: `Bearer ${tokens.zhao}` } })).status).toBe(400);
  });
  it('register ids cannot be squatted: a laptop may not create under one, a register firm wins over an old alias, an import takes over no other firm’s row', async () => {
    const codeB = makeCreditCode('91', '371521', 'MA3R8T5B'); // a 阳谷 firm the bureau will import
    const codeC = makeCreditCode('91', '371521', 'MA3R8T6C');
    const squat = await send(tokens.wang!, [change({ firmId: `reg-${codeB}`, creditCode: '91371502MA3C1B2K52', countyCode: '371502', values: { name: '聊城预拌混凝土有限公司', chainSegment: 'midstream' } })]);
    expect(squat).toMatchObject([{ status: 'rejected', reasons: ['firmId: validation.reservedFirmId'] }]);
    const fresh = await send(tokens.wang!, [change({ firmId: `reg-${codeC}`, creditCode: codeC, countyCode: '371502', values: { name: '抢注建材有限公司', chainSegment: 'midstream' } })]);
    expect(fresh).toMatchObject([{ status: 'rejected', reasons: ['firmId: validation.reservedFirmId'] }]);
    expect((await server.stores.client.query('SELECT alias_id FROM firm_aliases WHERE alias_id LIKE $1', ['reg-%'])).rows).toEqual([]);

    // What a server before this rule could hold: an alias and a proposed firm under register ids.
    const demo01 = (await server.stores.directory.firmsByIds(['demo-01'])).get('demo-01')!;
    await server.stores.client.query(`INSERT INTO firm_aliases (alias_id, firm_id, account_id) VALUES ($1, $2, 'wang')`, [`reg-${codeB}`, demo01.id]);
    await server.stores.client.query(
      `INSERT INTO directory_firms (id, county_code, data, credit_code, status, field_versions, proposed_by, version) VALUES ($1, '371502', $2, $3, 'proposed', '{}', 'wang', nextval('directory_version'))`,
      [`reg-${codeC}`, JSON.stringify({ id: `reg-${codeC}`, name: '抢注建材有限公司', creditCode: '91371502MA3R8T7D', countyCode: '371502' }), '91371502MA3R8T7D'],
    );
    const csv = ['企业名称,统一社会信用代码,所属县（市、区）,地址,产业链环节,产品类别', `阳谷新型墙材有限公司,${codeB},阳谷县,阳谷县工业园,中游制造,新型墙体材料`, `阳谷门窗有限公司,${codeC},阳谷县,阳谷县开发区,中游制造,建筑门窗`].join('\n');
    const report = await importRegister(server.stores.client, Buffer.from(csv), true);
    expect(report.counts).toMatchObject({ new: 2, errors: 0 });

    // The bureau's firm is found by its id, for its own county's officer; the old alias no longer leads elsewhere.
    expect((await server.stores.directory.firmsByIds([`reg-${codeB}`])).get(`reg-${codeB}`)).toMatchObject({ id: `reg-${codeB}`, countyCode: '371521' });
    const liVisit = await pushedVisit(`reg-${codeB}`, '371521');
    expect(((await post('/api/v1/visits/batch', tokens.li!, { protocol: 1, visits: [liVisit] })).body.results as PushItemResult[])[0]?.status).toBe('created');
    const wangVisit = await pushedVisit(`reg-${codeB}`, '371502');
    expect(((await post('/api/v1/visits/batch', tokens.wang!, { protocol: 1, visits: [wangVisit] })).body.results as PushItemResult[])[0]).toMatchObject({ status: 'rejected' });
    const edit = await send(tokens.li!, [change({ firmId: `reg-${codeB}`, baseVersion: '0', values: { address: '阳谷县新址1号' }, base: { address: '阳谷县工业园' } })]);
    expect(edit).toMatchObject([{ status: 'applied', firmId: `reg-${codeB}` }]);

    // The proposed firm that held reg-<codeC> keeps its own data; the imported firm got an id of its own.
    expect((await registerRow(`reg-${codeC}`))?.data).toMatchObject({ creditCode: '91371502MA3R8T7D', name: '抢注建材有限公司' });
    const imported = await server.stores.client.query<{ id: string; county_code: string }>('SELECT id, county_code FROM directory_firms WHERE credit_code = $1', [codeC]);
    expect(imported.rows).toEqual([{ id: expect.stringMatching(new RegExp(`^reg-${codeC}-[0-9a-f]{8}$`)), county_code: '371521' }]);
  });
});
