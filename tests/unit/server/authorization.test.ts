import { describe, expect, it } from 'vitest';
import { inScope, mayAttach, mayMoveProblems, mayPushVisits, mayRecordFinancing, placeEvent, placeVisit } from '../../../server/authorization';
import type { Principal } from '../../../server/store/account-store';

const officer = (countyScope: string[] | null = ['371502']): Principal => ({ accountId: 'a-wang', username: 'wang', displayName: '王建国', role: 'officer', countyScope, deviceId: 'd1', passwordChange: null });
const supervisor: Principal = { ...officer(), accountId: 'a-zhao', role: 'supervisor' };
const admin: Principal = { ...officer(null), accountId: 'a-admin', role: 'admin' };
const registered = { id: 'demo-05', countyCode: '371521', name: '阳谷恒泰防水材料有限公司', creditCode: '91371521MA3G6N1T6P' };

describe('who may write what (server/authorization.ts), one rule at a time', () => {
  it('an event goes where it was held, in scope, and names only firms the server knows within the scope (an alias resolves to its firm)', () => {
    const home = { id: 'demo-01', countyCode: '371502', name: '聊城预拌混凝土有限公司', creditCode: '91371502MA3C1B2K52' };
    const register = new Map([['demo-01', home], ['firm-local-1', home], ['demo-05', registered]]);
    const placed = placeEvent(officer(), '371502', ['firm-local-1'], register);
    expect(placed).toEqual({ countyCode: '371502', firmIds: new Map([['firm-local-1', 'demo-01']]) });
    expect(placeEvent(officer(), '371521', ['demo-01'], register)).toMatchObject({ reason: 'answers.countyCode: validation.eventOutOfScope' });
    expect(placeEvent(officer(), '371502', ['demo-05'], register)).toMatchObject({ reason: 'answers.firms: validation.outOfScope' });
    expect(placeEvent(officer(), '371502', ['nobody'], register)).toMatchObject({ reason: 'answers.firms: validation.unknownFirm' });
    expect(placeEvent(admin, '371521', ['demo-01', 'demo-05'], register)).toMatchObject({ countyCode: '371521' });
  });

  it('bank progress only on a problem known to be about financing; a problem not seen yet is not judged', () => {
    const known = new Map([
      ['p-fin', { category: 'financing' }],
      ['p-land', { category: 'land' }],
      ['p-old', { category: null }], // raised before the server kept categories
    ]);
    expect(mayRecordFinancing(known, ['p-fin', 'p-old', 'p-new'])).toBeNull();
    expect(mayRecordFinancing(known, ['p-fin', 'p-land'])).toMatchObject({ status: 403, reason: 'answers.updates: validation.financingOnlyForFinancing' });
  });

  it('supervisors never push visits; officers and admins may', () => {
    expect(mayPushVisits(supervisor)).toMatchObject({ status: 403, reason: 'role: validation.supervisorsDoNotPush' });
    expect(mayPushVisits(officer())).toBeNull();
    expect(mayPushVisits(admin)).toBeNull();
  });

  it('scope: a county list, the whole city (null), or nothing ([])', () => {
    expect(inScope(officer(), '371502')).toBe(true);
    expect(inScope(officer(), '371521')).toBe(false);
    expect(inScope(officer(null), '371521')).toBe(true);
    expect(inScope(officer([]), '371502')).toBe(false);
  });

  it("a registered firm is placed in the register's county, whatever the laptop claims", () => {
    // The laptop claims its own county and another name: the register decides, and it is out of scope.
    const claimed = { firmId: 'demo-05', countyCode: '371502', name: '别的名字', creditCode: 'X' };
    expect(placeVisit(officer(), claimed, registered)).toMatchObject({ status: 403, reason: 'firmId: validation.outOfScope' });
    expect(placeVisit(officer(['371521']), claimed, registered)).toEqual({
      countyCode: '371521',
      firm: { name: registered.name, creditCode: registered.creditCode, countyCode: '371521' },
      proposed: false,
    });
  });

  it('a firm the register does not know may only be placed in one of the account’s counties, as a proposal', () => {
    const inOwn = { firmId: 'firm-new', countyCode: '371502', name: '聊城新发现建材有限公司', creditCode: '' };
    expect(placeVisit(officer(), inOwn, null)).toMatchObject({ countyCode: '371502', proposed: true });
    expect(placeVisit(officer(), { ...inOwn, countyCode: '371521' }, null)).toMatchObject({ status: 403, reason: 'firm.countyCode: validation.outOfScope' });
    expect(placeVisit(admin, { ...inOwn, countyCode: '371521' }, null)).toMatchObject({ countyCode: '371521', proposed: true });
  });

  it('a follow-up moves only problems of its own firm (problems the server does not know cannot be of another firm it knows)', () => {
    const known = new Map([
      ['p-own', { firmId: 'demo-01' }],
      ['p-other', { firmId: 'demo-05' }],
    ]);
    expect(mayMoveProblems('demo-01', known, ['p-own', 'p-unknown'])).toBeNull();
    expect(mayMoveProblems('demo-01', known, ['p-own', 'p-other'])).toMatchObject({ status: 403, reason: 'answers.updates: validation.problemOtherFirm' });
  });

  it('files are attached only to the attaching account’s own visits', () => {
    expect(mayAttach(officer(), 'a-wang')).toBeNull();
    expect(mayAttach(officer(), 'a-li')).toMatchObject({ status: 403, reason: 'visitId: validation.notYourVisit' });
    expect(mayAttach(officer(), null)).toBeNull(); // unknown visit: the caller answers 404
  });
});
