import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../shared/api/contract';
import type { XunlianApp } from '../../../electron/services/app';
import { dbDigest } from '../../fixtures/db-digest';
import { fullAnswers, testApp } from '../../fixtures/app';

const MB = 'x'.repeat(1024 * 1024);
const VISIT_ID = '019a0000-0000-7000-8000-000000000001';
const GOOD_FIRM = {
  creditCode: '91371502MA3C1B2K52',
  name: '聊城测试建材有限公司',
  countyCode: '371502',
  address: '东昌府区',
  chainSegment: 'midstream',
  categories: [],
  keyTier: 'none',
  zjtxLevel: 'none',
  contacts: [],
  certifications: [],
};

/** For every method: wrong types, missing fields, unknown fields and 1 MB strings. */
const BAD_INPUTS: Record<MethodName, unknown[]> = {
  'firms.search': [{ query: 42 }, { query: MB }, { limit: -1 }, { limit: 'ten' }, { nope: true }, 'string', null],
  'firms.get': [{}, { id: 7 }, { id: MB }, null],
  'visits.saveDraft': [
    {},
    { firmId: 'demo-01' },
    { firmId: 'demo-01', kind: 'party', answers: {} },
    { firmId: 'demo-01', kind: 'event', answers: {} },
    { firmId: null, kind: 'diagnosis', answers: {} },
    { firmId: 'demo-01', kind: 'diagnosis', answers: { conclusion: MB } },
    { firmId: 'demo-01', kind: 'diagnosis', answers: { conclusion: 5 } },
    { firmId: 'demo-01', kind: 'patrol', answers: { summary: MB } },
    { firmId: 'demo-01', kind: 'followup', answers: { updates: [{ problemId: 'x', status: 'gone' }] } },
    { firmId: 'demo-01', kind: 'diagnosis', answers: { operations: { employees: 'many' } } },
    { firmId: 'demo-01', kind: 'diagnosis', answers: { problems: [{ category: 'aliens' }] } },
    { firmId: 'demo-01', kind: 'diagnosis', answers: { visitDate: '20 November' } },
    { firmId: 'demo-01', kind: 'diagnosis', answers: { extra: 'field' } },
    { firmId: 'demo-01', kind: 'diagnosis', answers: { eliminated: { findings: [{ code: 'X1', status: 'banned' }] } } },
    { id: 'not-a-uuid', firmId: 'demo-01', kind: 'diagnosis', answers: {} },
    { firmId: MB, kind: 'diagnosis', answers: {} },
  ],
  'visits.complete': [{}, { id: VISIT_ID }, { id: 12, answers: {} }, { id: VISIT_ID, answers: 'all of it' }],
  'visits.amend': [{}, { id: 'nope' }, { id: VISIT_ID, extra: 1 }],
  'firms.save': [
    {},
    { ...GOOD_FIRM, creditCode: '123' },
    { ...GOOD_FIRM, creditCode: '91371502MA3C1B2K5I' },
    { ...GOOD_FIRM, creditCode: '91350100M000100Y44' },
    { ...GOOD_FIRM, name: MB },
    { ...GOOD_FIRM, countyCode: '110101' },
    { ...GOOD_FIRM, certifications: [{ product: '预拌混凝土', starLevel: 4, certificateNo: 'x', validUntil: '2028-01-01' }] },
    { ...GOOD_FIRM, contacts: [{ name: '', role: '', phone: '' }] },
  ],
  'reference.list': [{}, { kind: 'banks' }],
  'reference.eliminated': [{ kind: 'eliminated_product' }, 'all'],
  'certificates.expiring': [{ days: 90 }, 90],
  'financing.cases': [{}, { firmId: 7 }, { firmId: 'demo-01', extra: true }],
  'firms.events': [{}, { firmId: 7 }, { firmId: null }, { firmId: 'demo-01', extra: true }],
  'certificates.setWarningDays': [{}, { days: 45 }, { days: '90' }, { days: 90, extra: 1 }],
  'problems.list': [{ firmId: 5 }, { limit: 0 }, { openOnly: 'yes' }],
  'problems.get': [{}, { id: MB }],
  'attachments.pick': [{}, { visitId: 'x' }],
  'attachments.open': [{}, { id: MB }],
  'attachments.remove': [{ id: 3 }],
  'visits.get': [{}, { id: 'x' }, { id: MB }],
  'visits.list': [{ status: 'deleted' }, { limit: 100000 }, { offset: -4 }, { limit: MB }, { countyCode: '110101' }, { from: 'yesterday' }, { query: MB }, { officer: '' }],
  'visits.officers': [{ who: 'me' }],
  'account.status': [{ x: 1 }],
  'account.signIn': [{}, { serverUrl: 'ftp://x', username: 'a', password: 'b' }, { serverUrl: 'http://127.0.0.1:9', username: '', password: 'b' }, { serverUrl: 'http://127.0.0.1:9', username: 'a', password: MB }],
  'account.signOut': [{ everywhere: true }],
  'account.changePassword': [{}, { currentPassword: '', newPassword: 'Long enough 12' }, { currentPassword: 'x', newPassword: MB }, { currentPassword: 'x', newPassword: 'y', extra: 1 }],
  'lock.status': [{ x: 1 }],
  'backup.cancelRestore': [{ name: 'x' }],
  'backup.dismissRestoreResult': [{ all: true }],
  'account.totpStart': [{ secret: 'x' }],
  'account.totpConfirm': [{}, { code: '12345' }, { code: 'abcdef' }, { code: MB }],
  'visits.discardDraft': [{}, { id: 'x' }, { id: MB }],
  'lock.engage': [{ minutes: 0 }],
  'lock.unlock': [{}, { password: '' }, { password: MB }],
  'startup.status': [{ x: 1 }, 'now', 7],
  'startup.unlock': [{}, { password: '' }, { password: MB }, { password: 42 }],
  'startup.recover': [{ file: '/etc/passwd' }, 'x'],
  'sync.status': [{ force: true }, 'now', 5],
  'sync.now': [{ force: true }, [1]],
  'report.get': [{}, { from: 'x', to: 'y' }],
  'exports.summaryXlsx': [{}, { filter: {}, jobId: 'x' }],
  'exports.cancel': [{}, { jobId: 5 }],
  'exports.reportPdf': [{}, { filter: { from: '2026-01-01', to: '2026-12-31' }, route: 'https://evil.example/' }],
  'exports.summaryCsv': [{}, { filter: { from: '2026-01-01', to: '2026-12-31' }, table: 'everything', jobId: '019a0000-0000-7000-8000-000000000001' }],
  'summary.get': [{}, { from: '2026-01-01' }, { from: '2026-01-01', to: 'soon' }, { from: '2026-01-01', to: '2026-12-31', countyCode: '000000' }],
  'transfer.export': [{ to: '/tmp' }],
  'transfer.importReceipt': [{}, { receipt: '' }, { receipt: 5 }, { receipt: 'x'.repeat(3_000_001) }],
  'sync.retry': [{}, { visitId: 'x' }],
  'exports.visitsCsv': [{ path: '/etc/passwd' }, 1],
  'register.import': [{}, { fileName: 'a.xlsx', contentBase64: 'not base64!!', apply: true }, { fileName: 'a.xlsx', contentBase64: 'QUJD', apply: 'yes' }, { fileName: '', contentBase64: 'QUJD', apply: false }],
  'register.template': [{ path: '/etc' }, 'x'],
  'review.list': [{ all: true }, 'x'],
  'review.acceptFirm': [{}, { firmId: '' }, { firmId: 'x'.repeat(100), label: 'x' }, { firmId: 'demo-01' }, { firmId: 'demo-01', label: 'x'.repeat(201) }],
  'review.resolveConflict': [{}, { id: 'abc', keep: 'register' }, { id: '1', keep: 'both' }],
  'review.decideTier': [{}, { id: '1' }, { id: '1; DROP TABLE', accept: true, label: 'x' }, { id: '1', accept: true }, { id: '1', accept: false, label: 'x' }],
  'review.queued': [{ extra: 1 }],
  'review.rejectFirm': [{}, { firmId: 'demo-01', label: 'x' }, { firmId: 'demo-01', note: '短', label: 'x' }, { firmId: 'demo-01', note: 'x'.repeat(201), label: 'x' }],
  'review.resend': [{}, { id: 'not-a-uuid' }],
  'firms.decisions': [{}, { firmId: '' }],
  'firms.requestTier': [{}, { firmId: 'demo-01', field: 'name', to: 'x', reason: '理由' }, { firmId: 'demo-01', field: 'keyTier', to: 'key', reason: '' }],
  'firms.tierHistory': [{}, { firmId: 1 }],
  'keyFirms.list': [{}, { asOf: 'today', from: '2026-01-01', to: '2026-12-31' }, { asOf: '2026-11-01', from: '2026-12-01', to: '2026-01-01' }],
  'handbook.get': [{}, { withContacts: 'yes' }, { withContacts: true, countyCode: '110101' }],
  'exports.handbookPdf': [{}, { route: 'https://evil.example/' }, { route: '#/report/abc' }],
  'exports.handbookXlsx': [{}, { withContacts: 1 }],
  'keyFirms.exportCsv': [{}, { asOf: '2026-02-30', from: '2026-01-01', to: '2026-12-31' }],
  'accounts.list': [{ all: true }, 'string'],
  'accounts.create': [{}, { username: 'a b', displayName: 'x', role: 'officer', counties: null, password: 'x' }, { username: 'ab', displayName: 'x', role: 'root', counties: null, password: 'x' }, { username: 'ab', displayName: 'x', role: 'officer', counties: ['110101'], password: 'x' }, { username: 'ab', displayName: MB, role: 'officer', counties: null, password: 'x' }],
  'accounts.change': [{}, { username: '../x', request: { change: 'disable' } }, { username: 'wang', request: { change: 'delete' } }, { username: 'wang', request: { change: 'role', role: 'auditor' } }, { username: 'wang', request: { change: 'scope', counties: ['x'] } }],
  'audit.query': [{}, { from: 'yesterday', to: 'today' }, { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', action: 'drop' }, { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', county: "1' OR 1=1" }],
  'audit.exportCsv': [{}, { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', outcome: 'maybe' }],
  'referenceLists.list': [{}, { kind: 'policy' }, { kind: 'bank', extra: 1 }],
  'referenceLists.import': [{}, { kind: 'bank', contentBase64: 'not base64!', apply: false, source: '' }, { kind: 'green_product', contentBase64: 'AAAA', apply: false, source: '' }, { kind: 'bank', contentBase64: 'AAAA', apply: 'yes', source: '' }, { kind: 'bank', contentBase64: 'AAAA', apply: true, source: MB }],
  'referenceLists.unmatchedBanks': [{ kind: 'bank' }],
  'assignments.mine': [{ username: 'wang' }],
  'firms.officer': [{}, { firmId: '' }, { firmId: 'demo-01', extra: 1 }],
  'assignments.officers': [{ county: '371502' }],
  'assignments.assign': [{}, { firmIds: [], to: 'wang', reason: '调整包联' }, { firmIds: ['demo-01'], to: 'wang', reason: '' }, { fromOfficer: 'li', to: 'wang' }, { firmIds: ['demo-01'], fromOfficer: 'li', to: 'wang', reason: '调整包联' }],
  'assignments.import': [{}, { fileName: 'a.csv', contentBase64: 'not base64!', apply: false }, { fileName: '', contentBase64: 'AAAA', apply: false }, { fileName: 'a.csv', contentBase64: 'AAAA', apply: 'yes' }],
  'cadence.get': [{ tier: 'key' }],
  'reviews.of': [{}, { visitId: 'not-a-uuid' }],
  'reviews.review': [{}, { visitId: '0190a000-0000-7000-8000-000000000001', verdict: 'return', comment: '', label: 'x' }, { visitId: '0190a000-0000-7000-8000-000000000001', verdict: 'approve', comment: '', label: 'x' }, { visitId: '0190a000-0000-7000-8000-000000000001', verdict: 'pass', comment: 'x'.repeat(501), label: 'x' }],
  'reviews.passAll': [{}, { filter: { limit: 5 }, label: '通过' }, { filter: {}, label: '' }, { filter: { review: 'passed' }, label: '通过' }],
  'reviews.toRevise': [{ all: true }],
  'firms.revealContact': [{}, { firmId: 'demo-01' }, { firmId: 'demo-01', index: -1 }, { firmId: 'demo-01', index: 1.5 }, { firmId: 'demo-01', index: 99 }],
  'demands.list': [{}, { limit: 0, offset: 0 }, { limit: 10, offset: 0, light: 'purple' }, { limit: 10, offset: 0, category: 'weather' }, { limit: 10, offset: 0, department: MB }],
  'demands.supervised': [{ officer: 'wang' }],
  'demands.decide': [
    {},
    { kind: 'extend', problemId: 'not-a-uuid', days: 20, reason: '需要协调', label: 'x' },
    { kind: 'extend', problemId: '0190a000-0000-7000-8000-000000000001', days: 31, reason: '需要协调', label: 'x' },
    { kind: 'extend', problemId: '0190a000-0000-7000-8000-000000000001', days: 20, reason: '', label: 'x' },
    { kind: 'supervise', problemId: '0190a000-0000-7000-8000-000000000001', note: '催', label: 'x' },
    { kind: 'close', problemId: '0190a000-0000-7000-8000-000000000001', label: '' },
    { kind: 'reopen', problemId: '0190a000-0000-7000-8000-000000000001', label: 'x' },
  ],
  'demands.settings': [{ year: 2027 }],
  'demands.setLimits': [{}, { low: { takeUp: 1, answer: 3, resolve: 15 } }, { low: { takeUp: 1, answer: 3, resolve: 31 }, normal: { takeUp: 1, answer: 3, resolve: 15 }, high: { takeUp: 1, answer: 3, resolve: 15 } }, { low: { takeUp: 5, answer: 3, resolve: 15 }, normal: { takeUp: 1, answer: 3, resolve: 15 }, high: { takeUp: 1, answer: 3, resolve: 15 } }],
  'demands.importCalendar': [{}, { fileName: 'a.csv', contentBase64: 'not base64!', apply: false, source: '国办发明电' }, { fileName: 'a.csv', contentBase64: 'AAAA', apply: false, source: '' }, { fileName: 'a.csv', contentBase64: 'AAAA', apply: 'yes', source: '国办发明电' }],
  'cadence.set': [{}, { key: 30, cultivated: 60 }, { key: 0, cultivated: 60, none: 90 }, { key: 30.5, cultivated: 60, none: 90 }, { key: 30, cultivated: 60, none: 400 }],
  'backup.list': [{ all: true }, 'x'],
  'backup.now': [{ to: '/tmp' }],
  'backup.toFolder': [{ path: '/etc' }, {}, { passphrase: 12345678 }, { passphrase: 'x'.repeat(1001) }, { passphrase: '聊城绿色建材-2026秋', path: '/etc' }],
  'backup.inspect': [{}, { name: '../xunlian.db' }, { name: '/etc/passwd' }, { name: 'xunlian-20261128T120000.db/../../x' }, { name: 5 }],
  'backup.inspectFile': [{ path: '/etc/passwd' }, { passphrase: '' }, { passphrase: 5 }],
  'backup.restore': [{ name: 'xunlian-20261128T120000.db' }, 'now'],
  'diagnostics.export': [{ withToken: true }],
  'app.info': [{ x: 1 }],
  'app.openProfile': [{}, { profile: 'admin' }, { profile: 'demo', path: '/tmp' }],
  'updates.status': [{ x: 1 }],
  'updates.check': [{ url: 'https://evil.example/' }],
  'updates.installOnRestart': [{ now: true }],
};

describe('dispatcher validation', () => {
  let app: XunlianApp;
  beforeAll(() => {
    app = testApp();
  });
  afterAll(() => app.close());

  it('covers every method of the contract', () => {
    expect(Object.keys(BAD_INPUTS).sort()).toEqual(Object.keys(contract).sort());
  });

  for (const [method, inputs] of Object.entries(BAD_INPUTS)) {
    it(`${method}: every bad input is a VALIDATION error and writes nothing`, async () => {
      for (const input of inputs) {
        const before = dbDigest(app.db);
        const result = await app.dispatch(method, input);
        expect(result.ok, JSON.stringify(input).slice(0, 80)).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('VALIDATION');
          expect(result.error.fields).toBeDefined();
          expect(JSON.stringify(result.error).length).toBeLessThan(4000); // never echoes the 1 MB input back
        }
        expect(dbDigest(app.db)).toBe(before);
      }
    });
  }

  it('names the failing field with a translatable key', async () => {
    const result = await app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: { conclusion: MB } });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { 'answers.conclusion': 'validation.tooLong' } } });
    const code = await app.dispatch('firms.save', { ...GOOD_FIRM, creditCode: '91350100M000100Y44' });
    expect(code).toMatchObject({ ok: false, error: { fields: { creditCode: 'validation.creditCheckFailed' } } });
    const malformed = await app.dispatch('firms.save', { ...GOOD_FIRM, creditCode: '9135' });
    expect(malformed).toMatchObject({ ok: false, error: { fields: { creditCode: 'validation.creditMalformed' } } });
  });

  it('refuses text the central database cannot hold (NUL, a lone surrogate) where it is typed, naming the field, and writes nothing', async () => {
    const before = dbDigest(app.db);
    for (const text of ['结论\u0000', '结论\ud800']) {
      const draft = await app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: { conclusion: text } });
      expect(draft).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { 'answers.conclusion': 'validation.badText' } } });
      const firm = await app.dispatch('firms.save', { ...GOOD_FIRM, address: text });
      expect(firm).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { address: 'validation.badText' } } });
    }
    expect(dbDigest(app.db)).toBe(before);
  });

  it('refuses an unknown method', async () => {
    const result = await app.dispatch('visits.dropAll', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('refuses a draft for an unknown firm with a field-level message and writes nothing', async () => {
    const before = dbDigest(app.db);
    const result = await app.dispatch('visits.saveDraft', { firmId: 'no-such-firm', kind: 'diagnosis', answers: fullAnswers() });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { firmId: 'validation.unknownFirm' } } });
    expect(dbDigest(app.db)).toBe(before);
  });
});
