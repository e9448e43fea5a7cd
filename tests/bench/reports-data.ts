import { COUNTY_CODES } from '../../shared/domain/divisions';
import { PROBLEM_CATEGORIES } from '../../shared/domain/problem';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../../db/open';
import { figuresOf } from '../../db/repositories/visits';
import { generateFirms, rng } from './generate';

const CATEGORIES = PROBLEM_CATEGORIES;
const STATUSES = ['open', 'in_progress', 'resolved'];
const CONCLUSION = '建议召开银企对接会，协调解决用地指标。';

/**
 * `visits` completed diagnosis visits over 2,000 generated firms, `problems` problems in all,
 * and `events` completed events (活动) each inviting 4–15 of those firms, straight into the store.
 */
export function seedReportData(db: Db, visits: number, problems: number, events = 0): void {
  const firms = generateFirms(db, 2000, 3);
  const random = rng(5);
  const insertVisit = db.prepare(
    `INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, visit_date, content_hash, created_at, updated_at, completed_at, sync_state, completed_revision)
     VALUES (?, ?, 'diagnosis', ?, 'completed', 1, ?, ?, 'h', ?, ?, ?, 'synced', 1)`,
  );
  const insertRevision = db.prepare('INSERT INTO visit_revisions (visit_id, revision, answers, content_hash, completed_at, visit_date, financing_amount, wants_matchmaking, problem_count, conclusion, figures) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertProblem = db.prepare(
    `INSERT INTO problems (id, firm_id, raised_visit_id, category, description, help_requested, department, urgency, due_date, status, created_at, updated_at, resolved_at)
     VALUES (?, ?, ?, ?, ?, '协调解决', '市住房和城乡建设局', 'normal', ?, ?, ?, ?, ?)`,
  );
  const insertStep = db.prepare(`INSERT INTO financing_steps (problem_id, visit_id, revision, bank, stage, on_date, amount, reason) VALUES (?, ?, 1, ?, ?, ?, ?, ?)`);
  const perVisit = problems / visits;
  let made = 0;
  db.transaction(() => {
    for (let i = 0; i < visits; i++) {
      const firm = firms[Math.floor(random() * firms.length)]!;
      const date = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 700) * 86_400_000).toISOString().slice(0, 10);
      const id = uuidv7(Date.UTC(2025, 0, 1) + i);
      const count = Math.floor(perVisit * (i + 1)) - Math.floor(perVisit * i);
      const financing = i % 3 === 0 ? { amount: 100 + (i % 50) * 10, termMonths: 12, wantsMatchmaking: i % 2 === 0 } : undefined;
      // A visit with a need raises its financing problem first: the case's bank steps go on it.
      const categoryOf = (k: number) => (financing && k === 0 ? 'financing' : CATEGORIES[(i + k) % CATEGORIES.length]!);
      const record = {
        visitDate: date,
        people: [{ name: '王建国', role: '总经理' }],
        // The figures the workbook's 走访 sheet shows (a real diagnosis carries them).
        operations: { outputValue: 5000 + (i % 97) * 10, revenue: 4800 + (i % 89) * 10, taxes: 200 + (i % 13), employees: 50 + (i % 300), capacityUse: 70 },
        rnd: { spend: 150 + (i % 7), staff: 5 + (i % 20), inventionPatents: i % 5, utilityPatents: i % 11, designPatents: i % 3, newPatentsThisYear: 0 },
        green: { certified: i % 4 === 0 ? [{ product: '预拌混凝土', starLevel: 3, certificateNo: `LJC-${i}`, validUntil: '2028-06-30' }] : [], plans: [] },
        problems: Array.from({ length: count }, (_, k) => ({ id: `${id}-${k}`, category: categoryOf(k) })),
        financing,
        conclusion: CONCLUSION,
      };
      const answers = JSON.stringify(record);
      const at = `${date}T08:00:00.000Z`;
      insertVisit.run(id, firm.id, '服务专员', answers, date, at, at, at);
      insertRevision.run(id, answers, 'h', at, date, financing?.amount ?? null, financing ? Number(financing.wantsMatchmaking) : null, count, CONCLUSION, figuresOf(record));
      for (let k = 0; k < count; k++) {
        const status = STATUSES[(i + k) % 3]!;
        const resolvedAt = status === 'resolved' ? new Date(Date.parse(at) + ((i % 40) + 1) * 86_400_000).toISOString() : null;
        insertProblem.run(`${id}-${k}`, firm.id, id, categoryOf(k), `问题描述 ${i}-${k}`, date, status, at, at, resolvedAt);
        made++;
      }
      if (financing && count > 0) financingSteps(i, date, financing.amount).forEach((s, n) => insertStep.run(`${id}-0`, `${id}-f${n}`, s.bank, s.stage, s.on, s.amount ?? null, s.reason ?? ''));
    }
  })();
  db.prepare(`UPDATE firms SET last_visit_date = (SELECT MAX(visit_date) FROM visits v WHERE v.firm_id = firms.id)`).run();
  if (made !== problems) throw new Error(`seeded ${made} problems, wanted ${problems}`);
  seedEvents(db, events, firms.map((f) => f.id), random);
}

const EVENT_KINDS = ['financing_forum', 'financing_coaching', 'chain_exchange', 'investment_trip', 'other'];

/** Completed events held across the counties, each inviting some firms, about two in three of whom came. */
function seedEvents(db: Db, count: number, firmIds: readonly string[], random: () => number): void {
  const insertVisit = db.prepare(
    `INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, visit_date, content_hash, created_at, updated_at, completed_at, sync_state, completed_revision)
     VALUES (?, NULL, 'event', '服务专员', 'completed', 1, ?, ?, 'h', ?, ?, ?, 'synced', 1)`,
  );
  const insertRevision = db.prepare('INSERT INTO visit_revisions (visit_id, revision, answers, content_hash, completed_at, visit_date) VALUES (?, 1, ?, ?, ?, ?)');
  const insertFirm = db.prepare('INSERT OR IGNORE INTO event_firms (visit_id, firm_id, revision, attended) VALUES (?, ?, 1, ?)');
  db.transaction(() => {
    for (let e = 0; e < count; e++) {
      const id = uuidv7(Date.UTC(2024, 0, 1) + e);
      const date = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 700) * 86_400_000).toISOString().slice(0, 10);
      const firms = Array.from({ length: 4 + Math.floor(random() * 12) }, () => ({ firmId: firmIds[Math.floor(random() * firmIds.length)]!, attended: random() < 0.67 }));
      const unique = [...new Map(firms.map((f) => [f.firmId, f])).values()];
      const answers = JSON.stringify({
        visitDate: date,
        eventKind: EVENT_KINDS[e % EVENT_KINDS.length],
        title: `活动 ${e}`,
        place: '市住建局会议室',
        countyCode: COUNTY_CODES[e % COUNTY_CODES.length],
        organiser: '市住建局',
        organisations: [{ name: BANKS[e % BANKS.length], type: 'bank' }],
        firms: unique.map((f) => ({ ...f, updates: [] })),
        topics: '融资对接',
        outcomes: '达成意向',
      });
      const at = `${date}T08:00:00.000Z`;
      insertVisit.run(id, answers, date, at, at, at);
      insertRevision.run(id, answers, 'h', at, date);
      for (const f of unique) insertFirm.run(id, f.firmId, f.attended ? 1 : 0);
    }
  })();
}

const BANKS = ['工商银行聊城分行', '农业银行聊城分行', '齐商银行聊城分行', '聊城农商银行'];
const day = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A case's steps by the visit's number: declined then funded elsewhere, funded in two
 * tranches, approved twice and funded beyond the need, declined then approved, approved
 * then withdrawn, or only referred — every rule of shared/domain/financing.ts has a case.
 */
function financingSteps(i: number, date: string, need: number): { bank: string; stage: string; on: string; amount?: number; reason?: string }[] {
  const bank = BANKS[i % BANKS.length]!;
  const other = BANKS[(i + 1) % BANKS.length]!;
  const referred = { bank, stage: 'referred', on: day(date, 5) };
  if (i % 9 === 0)
    return [referred, { bank, stage: 'declined', on: day(date, 15), reason: '抵押物不足' }, { bank: other, stage: 'referred', on: day(date, 20) }, { bank: other, stage: 'approved', on: day(date, 30), amount: need * 0.8 }, { bank: other, stage: 'funded', on: day(date, 40), amount: need * 0.5 }];
  if (i % 9 === 3) return [referred, { bank, stage: 'approved', on: day(date, 20), amount: need }, { bank, stage: 'funded', on: day(date, 30), amount: need / 2 }, { bank, stage: 'funded', on: day(date, 45), amount: need / 2 }];
  // The bank answers twice (its latest answer counts), and funds beyond the need (the share met stops at the need).
  if (i % 9 === 6)
    return [referred, { bank, stage: 'approved', on: day(date, 15), amount: need * 0.6 }, { bank, stage: 'approved', on: day(date, 25), amount: need * 0.9 }, { bank, stage: 'funded', on: day(date, 35), amount: need * 1.2 }];
  // Declined, then approved by the same bank after the firm brought more collateral.
  if (i % 9 === 1) return [referred, { bank, stage: 'declined', on: day(date, 10), reason: '抵押物不足' }, { bank, stage: 'approved', on: day(date, 20), amount: need * 0.7 }, { bank, stage: 'funded', on: day(date, 28), amount: need * 0.7 }];
  // Approved, then the approval withdrawn.
  if (i % 9 === 7) return [referred, { bank, stage: 'approved', on: day(date, 12), amount: need }, { bank, stage: 'declined', on: day(date, 22), reason: '授信额度调整' }];
  return [referred];
}
