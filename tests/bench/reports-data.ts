import { PROBLEM_CATEGORIES } from '../../shared/domain/problem';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../../db/open';
import { generateFirms, rng } from './generate';

const CATEGORIES = PROBLEM_CATEGORIES;
const STATUSES = ['open', 'in_progress', 'resolved'];
const CONCLUSION = '建议召开银企对接会，协调解决用地指标。';

/** `visits` completed diagnosis visits over 2,000 generated firms, `problems` problems in all, straight into the store. */
export function seedReportData(db: Db, visits: number, problems: number): void {
  const firms = generateFirms(db, 2000, 3);
  const random = rng(5);
  const insertVisit = db.prepare(
    `INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, visit_date, content_hash, created_at, updated_at, completed_at, sync_state, completed_revision)
     VALUES (?, ?, 'diagnosis', ?, 'completed', 1, ?, ?, 'h', ?, ?, ?, 'synced', 1)`,
  );
  const insertRevision = db.prepare('INSERT INTO visit_revisions (visit_id, revision, answers, content_hash, completed_at, visit_date, financing_amount, wants_matchmaking, problem_count, conclusion) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertProblem = db.prepare(
    `INSERT INTO problems (id, firm_id, raised_visit_id, category, description, help_requested, department, urgency, due_date, status, created_at, updated_at, resolved_at)
     VALUES (?, ?, ?, ?, ?, '协调解决', '市住房和城乡建设局', 'normal', ?, ?, ?, ?, ?)`,
  );
  const perVisit = problems / visits;
  let made = 0;
  db.transaction(() => {
    for (let i = 0; i < visits; i++) {
      const firm = firms[Math.floor(random() * firms.length)]!;
      const date = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 700) * 86_400_000).toISOString().slice(0, 10);
      const id = uuidv7(Date.UTC(2025, 0, 1) + i);
      const count = Math.floor(perVisit * (i + 1)) - Math.floor(perVisit * i);
      const financing = i % 3 === 0 ? { amount: 100 + (i % 50) * 10, termMonths: 12, wantsMatchmaking: i % 2 === 0 } : undefined;
      const answers = JSON.stringify({
        visitDate: date,
        people: [{ name: '王建国', role: '总经理' }],
        problems: Array.from({ length: count }, (_, k) => ({ id: `${id}-${k}`, category: CATEGORIES[(i + k) % CATEGORIES.length] })),
        financing,
        conclusion: CONCLUSION,
      });
      const at = `${date}T08:00:00.000Z`;
      insertVisit.run(id, firm.id, '服务专员', answers, date, at, at, at);
      insertRevision.run(id, answers, 'h', at, date, financing?.amount ?? null, financing ? Number(financing.wantsMatchmaking) : null, count, CONCLUSION);
      for (let k = 0; k < count; k++) {
        const status = STATUSES[(i + k) % 3]!;
        const resolvedAt = status === 'resolved' ? new Date(Date.parse(at) + ((i % 40) + 1) * 86_400_000).toISOString() : null;
        insertProblem.run(`${id}-${k}`, firm.id, id, CATEGORIES[(i + k) % CATEGORIES.length], `问题描述 ${i}-${k}`, date, status, at, at, resolvedAt);
        made++;
      }
    }
  })();
  db.prepare(`UPDATE firms SET last_visit_date = (SELECT MAX(visit_date) FROM visits v WHERE v.firm_id = firms.id)`).run();
  if (made !== problems) throw new Error(`seeded ${made} problems, wanted ${problems}`);
}
