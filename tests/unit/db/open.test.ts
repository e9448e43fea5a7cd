import { Database } from '../../../db/sqlite';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseFromFutureError, openDb, type Db } from '../../../db/open';
import { LATEST_VERSION, MIGRATIONS } from '../../../db/migrations';
import { tempDir } from '../../fixtures/processes';
import { FirmChange } from '../../../shared/api/firm-sync';

/** Firm f1 and its visit v1, in columns every schema version has: what the migration tests start from. */
function firmWithVisit(db: Db, visit: { kind: string; status: string; revision?: number }): void {
  db.prepare(`INSERT INTO firms (id, credit_code, name, county_code, chain_segment, updated_at) VALUES ('f1', '91371502MA3C1B2K52', '聊城', '371502', 'midstream', 'now')`).run();
  db.prepare(`INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, created_at, updated_at) VALUES ('v1', 'f1', ?, 'o', ?, ?, '{}', 'now', 'now')`).run(
    visit.kind,
    visit.status,
    visit.revision ?? 1,
  );
}

describe('openDb', () => {
  it('opens with WAL, synchronous=FULL, foreign keys and a busy timeout, at the latest schema', () => {
    const db = openDb(join(tempDir('db'), 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a database from a newer version and leaves the file untouched', () => {
    const path = join(tempDir('db'), 'future.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE keep (x); INSERT INTO keep VALUES (42);');
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    const before = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(() => openDb(path)).toThrow(DatabaseFromFutureError);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(before);
  });

  it('rolls back every pending migration when one fails', () => {
    const path = join(tempDir('db'), 'broken.db');
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x); THIS IS NOT SQL;' }];
    expect(() => openDb(path, { migrations: broken })).toThrow();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('firms', 'ok_table')").get()).toEqual({ n: 0 });
    db.close();
  });

  it('enforces foreign keys: a visit for an unknown firm cannot be written', () => {
    const db = openDb(join(tempDir('db'), 'fk.db'));
    expect(() =>
      db
        .prepare(`INSERT INTO visits (id, firm_id, kind, officer, status, answers, created_at, updated_at) VALUES ('v', 'no-such-firm', 'diagnosis', 'o', 'draft', '{}', 'now', 'now')`)
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('migration 001', () => {
  it('builds firms, visits, outbox and settings from an empty database', () => {
    const db = openDb(join(tempDir('db'), 'm1.db'), { targetVersion: 0 });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
    const migrated = openDb(join(tempDir('db'), 'm1b.db'), { targetVersion: 1 });
    const tables = (migrated.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['firms', 'outbox', 'settings', 'visits']));
    migrated.close();
  });
});

describe('migration 002', () => {
  it('keeps firms and completed visits of version 1, indexes them for search and keeps their revisions', () => {
    const path = join(tempDir('db'), 'm2.db');
    const v1 = openDb(path, { targetVersion: 1 });
    v1.prepare(
      `INSERT INTO firms (id, credit_code, name, county_code, address, chain_segment, categories, key_tier, zjtx_level, contacts, updated_at)
       VALUES ('f1', '91371502MA3C1B2K52', '聊城预拌混凝土有限公司', '371502', '建设路', 'midstream', '[]', 'key', 'none', '[]', 'now')`,
    ).run();
    v1.prepare(
      `INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, visit_date, content_hash, created_at, updated_at, completed_at)
       VALUES ('v1', 'f1', 'diagnosis', 'o', 'completed', 1, '{"visitDate":"2026-10-01"}', '2026-10-01', 'h', 'now', 'now', '2026-10-01T08:00:00Z')`,
    ).run();
    v1.close();
    const v2 = openDb(path, { targetVersion: 2 });
    expect(v2.pragma('user_version', { simple: true })).toBe(2);
    expect(v2.prepare("SELECT name FROM firms WHERE rowid IN (SELECT rowid FROM firms_fts WHERE firms_fts MATCH '\"预拌混\"')").pluck().all()).toEqual(['聊城预拌混凝土有限公司']);
    expect(v2.prepare('SELECT last_visit_date FROM firms').pluck().get()).toBe('2026-10-01');
    expect(v2.prepare('SELECT visit_id, revision, content_hash FROM visit_revisions').all()).toEqual([{ visit_id: 'v1', revision: 1, content_hash: 'h' }]);
    v2.close();
  });
});

describe('migration 003', () => {
  it('keeps attachments of version 2 and marks them not yet uploaded', () => {
    const path = join(tempDir('db'), 'm3.db');
    const v2 = openDb(path, { targetVersion: 2 });
    firmWithVisit(v2, { kind: 'diagnosis', status: 'draft' });
    v2.prepare(`INSERT INTO attachments (id, visit_id, file_name, stored_name, size, sha256, created_at) VALUES ('a1', 'v1', '证书.jpg', 'a1.bin', 10, 'h', 'now')`).run();
    v2.close();
    const v3 = openDb(path, { targetVersion: 3 });
    expect(v3.pragma('user_version', { simple: true })).toBe(3);
    expect(v3.prepare('SELECT file_name, uploaded, uploaded_bytes FROM attachments').get()).toEqual({ file_name: '证书.jpg', uploaded: 0, uploaded_bytes: 0 });
    v3.close();
  });
});

describe('migration 004', () => {
  it('marks the visits of version 3 as typed on this laptop', () => {
    const path = join(tempDir('db'), 'm4.db');
    const v3 = openDb(path, { targetVersion: 3 });
    firmWithVisit(v3, { kind: 'patrol', status: 'draft' });
    v3.close();
    const v4 = openDb(path, { targetVersion: 4 });
    expect(v4.pragma('user_version', { simple: true })).toBe(4);
    expect(v4.prepare('SELECT origin FROM visits').pluck().get()).toBe('local');
    v4.close();
  });
});

describe('migration 005', () => {
  it('copies the visit date of each completed revision into a column and marks the latest completed revision', () => {
    const path = join(tempDir('db'), 'm5.db');
    const v4 = openDb(path, { targetVersion: 4 });
    firmWithVisit(v4, { kind: 'patrol', status: 'draft', revision: 3 });
    const rev = v4.prepare(`INSERT INTO visit_revisions (visit_id, revision, answers, content_hash, completed_at) VALUES ('v1', ?, ?, 'h', 'now')`);
    rev.run(1, '{"visitDate":"2026-01-05"}');
    rev.run(2, '{"visitDate":"2026-01-06"}');
    v4.close();
    const v5 = openDb(path, { targetVersion: 5 });
    expect(v5.pragma('user_version', { simple: true })).toBe(5);
    expect(v5.prepare('SELECT revision, visit_date FROM visit_revisions ORDER BY revision').all()).toEqual([
      { revision: 1, visit_date: '2026-01-05' },
      { revision: 2, visit_date: '2026-01-06' },
    ]);
    expect(v5.prepare('SELECT completed_revision FROM visits').pluck().get()).toBe(2);
    v5.close();
  });
});

describe('migration 006', () => {
  it('replaces the problems-by-visit index with one that covers every column the summary reads', () => {
    const path = join(tempDir('db'), 'm6.db');
    openDb(path, { targetVersion: 5 }).close();
    const v6 = openDb(path, { targetVersion: 6 });
    const indexes = v6.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'problems'`).pluck().all();
    expect(indexes).toContain('problems_counting');
    expect(indexes).not.toContain('problems_by_visit');
    const plan = v6.prepare('EXPLAIN QUERY PLAN SELECT raised_visit_id, category, status, resolved_at FROM problems').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('COVERING INDEX problems_counting');
    v6.close();
  });
});

describe('migration 007', () => {
  it("copies each revision's problem count and conclusion (or a patrol's summary) out of its answers", () => {
    const path = join(tempDir('db'), 'm7.db');
    const v6 = openDb(path, { targetVersion: 6 });
    firmWithVisit(v6, { kind: 'diagnosis', status: 'completed', revision: 3 });
    const rev = v6.prepare(`INSERT INTO visit_revisions (visit_id, revision, answers, content_hash, completed_at) VALUES ('v1', ?, ?, 'h', 'now')`);
    rev.run(1, JSON.stringify({ problems: [{ id: 'a' }, { id: 'b' }], conclusion: '对接银行' }));
    rev.run(2, JSON.stringify({ summary: '巡查正常' }));
    rev.run(3, '{}');
    v6.close();
    const v7 = openDb(path, { targetVersion: 7 });
    expect(v7.prepare('SELECT revision, problem_count, conclusion FROM visit_revisions ORDER BY revision').all()).toEqual([
      { revision: 1, problem_count: 2, conclusion: '对接银行' },
      { revision: 2, problem_count: 0, conclusion: '巡查正常' },
      { revision: 3, problem_count: 0, conclusion: '' },
    ]);
    const plan = v7.prepare(`EXPLAIN QUERY PLAN SELECT visit_id, problem_count, conclusion FROM visit_revisions WHERE visit_date BETWEEN '2026-01-01' AND '2026-12-31'`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('COVERING INDEX visit_revisions_by_date');
    v7.close();
  });
});

describe('migration 008', () => {
  it('recomputes every firm\'s credit-check status and gives the demo firms their corrected codes', () => {
    const path = join(tempDir('db'), 'm8.db');
    const v7 = openDb(path, { targetVersion: 7 });
    const firm = v7.prepare(`INSERT INTO firms (id, credit_code, name, county_code, chain_segment, credit_check, updated_at) VALUES (?, ?, ?, '371502', 'midstream', ?, 'now')`);
    // A demo firm as version 7 seeded it: code made by the wrong GB 11714 rule, stored as valid.
    firm.run('demo-01', '91371502MA3C1B2KXC', '聊城预拌混凝土有限公司', 'valid');
    // A demo firm whose code an officer has since corrected by hand: left as it is.
    firm.run('demo-02', '91371502MA3D7K9P95', '聊城绿筑新型墙材有限公司', 'valid');
    // A real "MA…" code the officer had to confirm under the wrong rule: it is valid.
    firm.run('f-real', '91370000MA3CHMDJ4D', '鲁南高速铁路有限公司', 'confirmed');
    // A real early pilot-region code that truly fails its check: stays confirmed.
    firm.run('f-pilot', '91350211M00013FA1N', '厦门试点企业', 'confirmed');
    v7.prepare(`INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, created_at, updated_at) VALUES ('v1', 'demo-01', 'patrol', 'o', 'draft', 1, '{}', 'now', 'now')`).run();
    v7.close();

    const v8 = openDb(path, { targetVersion: 8 });
    expect(v8.prepare('SELECT id, credit_code, credit_check FROM firms ORDER BY id').all()).toEqual([
      { id: 'demo-01', credit_code: '91371502MA3C1B2K52', credit_check: 'valid' },
      { id: 'demo-02', credit_code: '91371502MA3D7K9P95', credit_check: 'valid' },
      { id: 'f-pilot', credit_code: '91350211M00013FA1N', credit_check: 'confirmed' },
      { id: 'f-real', credit_code: '91370000MA3CHMDJ4D', credit_check: 'valid' },
    ]);
    // The visit still belongs to its firm, and search finds the firm by its new code, not the old one.
    expect(v8.prepare("SELECT f.name FROM visits v JOIN firms f ON f.id = v.firm_id WHERE v.id = 'v1'").pluck().get()).toBe('聊城预拌混凝土有限公司');
    const byCode = v8.prepare("SELECT id FROM firms WHERE rowid IN (SELECT rowid FROM firms_fts WHERE firms_fts MATCH ?)").pluck();
    expect(byCode.all('"MA3C1B2K52"')).toEqual(['demo-01']);
    expect(byCode.all('"MA3C1B2KXC"')).toEqual([]);
    v8.close();
  });
});

describe('migration 009', () => {
  it('queues the firms an officer created before it, so they reach the register; register firms stay registered', () => {
    const path = join(tempDir('db'), 'm9.db');
    const v8 = openDb(path, { targetVersion: 8 });
    const firm = v8.prepare(`INSERT INTO firms (id, credit_code, name, county_code, address, chain_segment, categories, contacts, updated_at) VALUES (?, ?, ?, '371502', '工业园', 'midstream', '["预拌砂浆"]', '[]', 'now')`);
    firm.run('firm-0193a1b2-local', '91371502MA3R8T2W4C', '聊城新发现建材有限公司');
    firm.run('demo-01', '91371502MA3C1B2K52', '聊城预拌混凝土有限公司');
    v8.prepare(`INSERT INTO firm_certifications (id, firm_id, product, star_level, certificate_no, valid_until) VALUES ('c1', 'firm-0193a1b2-local', '预拌砂浆', 2, 'C-9', '2028-01-01')`).run();
    v8.close();
    const v9 = openDb(path, { targetVersion: 9 });
    expect(v9.prepare('SELECT id, register_state FROM firms ORDER BY id').all()).toEqual([
      { id: 'demo-01', register_state: 'registered' },
      { id: 'firm-0193a1b2-local', register_state: 'local' },
    ]);
    const queued = v9.prepare(`SELECT firm_id, payload FROM firm_outbox WHERE state = 'pending'`).all() as { firm_id: string; payload: string }[];
    expect(queued).toHaveLength(1);
    const change = FirmChange.parse(JSON.parse(queued[0]!.payload));
    expect(change).toMatchObject({
      firmId: 'firm-0193a1b2-local',
      baseVersion: null,
      creditCode: '91371502MA3R8T2W4C',
      countyCode: '371502',
      values: { name: '聊城新发现建材有限公司', chainSegment: 'midstream', categories: ['预拌砂浆'], certifications: [{ product: '预拌砂浆', starLevel: 2, certificateNo: 'C-9', validUntil: '2028-01-01' }] },
    });
    v9.close();
  });
});

describe('migration 012', () => {
  it('rebuilds visits for events without losing a visit, its revisions, outbox rows or problems, and keeps foreign keys on', () => {
    const path = join(tempDir('db'), 'm12.db');
    const v11 = openDb(path, { targetVersion: 11 });
    firmWithVisit(v11, { kind: 'diagnosis', status: 'completed', revision: 2 });
    v11.prepare("UPDATE visits SET completed_revision = 2, visit_date = '2026-03-01', origin = 'server', sync_state = 'synced' WHERE id = 'v1'").run();
    v11.prepare("INSERT INTO visit_revisions (visit_id, revision, answers, content_hash, completed_at, visit_date) VALUES ('v1', 2, '{}', 'h', 'now', '2026-03-01')").run();
    v11.prepare("INSERT INTO outbox (visit_id, revision, payload, content_hash, created_at) VALUES ('v1', 2, '{}', 'h', 'now')").run();
    const before = v11.prepare('SELECT * FROM visits').all();
    v11.close();

    const v12 = openDb(path, { targetVersion: 12 });
    expect(v12.prepare('SELECT * FROM visits').all()).toEqual(before);
    expect(v12.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(v12.pragma('foreign_key_check')).toEqual([]);
    expect(v12.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'visits' ORDER BY name").pluck().all()).toEqual(
      expect.arrayContaining(['visits_by_firm', 'visits_by_kind', 'visits_by_update', 'visits_counting']),
    );
    // The outbox still refers to visits: a row for an unknown visit is refused.
    expect(() => v12.prepare("INSERT INTO outbox (visit_id, revision, payload, content_hash, created_at) VALUES ('nope', 1, '{}', 'h', 'now')").run()).toThrow(/FOREIGN KEY/);
    // An event has no firm; any other kind must have one.
    const insert = v12.prepare("INSERT INTO visits (id, firm_id, kind, officer, status, answers, created_at, updated_at) VALUES (?, ?, ?, 'o', 'draft', '{}', 'now', 'now')");
    insert.run('e1', null, 'event');
    expect(() => insert.run('e2', 'f1', 'event')).toThrow(/CHECK/);
    expect(() => insert.run('p1', null, 'patrol')).toThrow(/CHECK/);
    v12.close();
  });
});

describe('migration 013', () => {
  it('freezes firm changes pending at the upgrade (they may have been sent) and queues again the visits an outage set aside', () => {
    const path = join(tempDir('db'), 'm13.db');
    const v12 = openDb(path, { targetVersion: 12 });
    firmWithVisit(v12, { kind: 'diagnosis', status: 'completed', revision: 2 });
    v12.prepare("INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, created_at, updated_at) VALUES ('v2', 'f1', 'patrol', 'o', 'completed', 1, '{}', 'now', 'now')").run();
    const outage = 'the server failed on this visit 6 times (HTTP 500 INTERNAL: The server failed to handle the request.)';
    v12.prepare("UPDATE visits SET sync_state = 'attention', sync_error = ? WHERE id = 'v1'").run(outage);
    v12.prepare("UPDATE visits SET sync_state = 'attention', sync_error = 'rejected: answers.x: validation.required' WHERE id = 'v2'").run();
    const outbox = v12.prepare("INSERT INTO outbox (visit_id, revision, payload, content_hash, created_at, state, attempts, last_error) VALUES (?, ?, '{}', 'h', 'now', 'quarantined', ?, ?)");
    outbox.run('v1', 2, 6, outage);
    outbox.run('v2', 1, 0, 'rejected: answers.x: validation.required');
    const firmChange = v12.prepare("INSERT INTO firm_outbox (change_id, firm_id, payload, state, created_at) VALUES (?, 'f1', '{}', ?, '2026-12-01T08:00:00.000Z')");
    firmChange.run('c-pending', 'pending');
    firmChange.run('c-done', 'done');
    v12.close();

    const v13 = openDb(path, { targetVersion: 13 });
    expect(v13.prepare('SELECT change_id, sent_at FROM firm_outbox ORDER BY change_id').all()).toEqual([
      { change_id: 'c-done', sent_at: null },
      { change_id: 'c-pending', sent_at: '2026-12-01T08:00:00.000Z' },
    ]);
    expect(v13.prepare('SELECT visit_id, state, attempts, last_error FROM outbox ORDER BY visit_id').all()).toEqual([
      { visit_id: 'v1', state: 'pending', attempts: 0, last_error: null },
      { visit_id: 'v2', state: 'quarantined', attempts: 0, last_error: 'rejected: answers.x: validation.required' },
    ]);
    expect(v13.prepare('SELECT id, sync_state FROM visits ORDER BY id').all()).toEqual([
      { id: 'v1', sync_state: 'waiting' },
      { id: 'v2', sync_state: 'attention' },
    ]);
    v13.close();
  });
});
