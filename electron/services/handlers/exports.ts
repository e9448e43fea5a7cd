import { csvRow, UTF8_BOM } from '../../../shared/domain/csv';
import { countyName } from '../../../shared/domain/divisions';
import type { DiagnosisDraft } from '../../../shared/domain/answers';
import type { ProblemCategory } from '../../../shared/domain/problem';
import { zhCN } from '../../../shared/i18n/zh-CN';
import { writeFileAtomically } from '../atomic-file';
import type { ServiceContext } from '../context';
import { deliverRecorded } from '../audit/audited-export';
import { REVIEW_STATE } from '../../../db/repositories/visit-reviews';
import type { Handlers } from '../dispatcher';

interface ExportRow {
  id: string;
  firm_name: string;
  credit_code: string;
  county_code: string;
  kind: keyof typeof zhCN.visitKind;
  status: keyof typeof zhCN.visitStatus;
  revision: number;
  visit_date: string | null;
  answers: string;
  sync_state: keyof typeof zhCN.syncState;
  completed_at: string | null;
  review: keyof typeof zhCN.reviewState | null;
}

const PAGE = 2000;
const c = zhCN.csv;
const HEADER = [c.id, c.firm, c.creditCode, c.county, c.kind, c.status, c.revision, c.visitDate, c.peopleMet, c.problemCount, c.problems, c.summary, c.conclusion, c.syncState, c.completedAt, c.review];

type AnyAnswers = DiagnosisDraft & { peopleMet?: string; summary?: string; updates?: { status?: string; note?: string }[] };

function problemsText(answers: AnyAnswers): string {
  return (answers.problems ?? []).map((p) => `[${p.category ? zhCN.problemCategory[p.category as ProblemCategory] : ''}] ${p.description ?? ''}`).join('；');
}

/** A patrol's summary, or what a follow-up did for each problem. */
function summaryText(answers: AnyAnswers): string {
  if (answers.summary) return answers.summary;
  return (answers.updates ?? []).map((u) => `${u.status ? zhCN.problemStatus[u.status as keyof typeof zhCN.problemStatus] : ''}：${u.note ?? ''}`).join('；');
}

function peopleText(answers: AnyAnswers): string {
  return answers.peopleMet ?? (answers.people ?? []).map((p) => (p.role ? `${p.name ?? ''}（${p.role}）` : (p.name ?? ''))).join('、');
}

/** Visits as CSV for supervisors: UTF-8 with BOM, Chinese headers, streamed row by row. */
export function exportHandlers(ctx: ServiceContext): Pick<Handlers, 'exports.visitsCsv'> {
  return {
    'exports.visitsCsv': () => {
      const stamp = ctx.now().toISOString().slice(0, 10);
      // The names of the people met are in it: recorded as holding contacts.
      return deliverRecorded(ctx, 'export.visitsCsv', { contacts: true }, `巡链走访记录-${stamp}.csv`, async (path) => {
        let rows = 0;
        const stmt = ctx.db.prepare(
          `SELECT v.id, f.name AS firm_name, f.credit_code, f.county_code, v.kind, v.status, v.revision, v.visit_date, v.answers, v.sync_state, v.completed_at,
             CASE WHEN v.completed_revision IS NULL THEN NULL ELSE ${REVIEW_STATE} END AS review
           FROM visits v JOIN firms f ON f.id = v.firm_id ORDER BY v.visit_date DESC, v.id LIMIT ? OFFSET ?`,
        );
        await writeFileAtomically(path, async (write) => {
          await write(UTF8_BOM + csvRow(HEADER));
          // Pages, not one long-lived iterator: autosaves must still get the connection between writes.
          for (let offset = 0; ; offset += PAGE) {
            const page = stmt.all(PAGE, offset) as ExportRow[];
            if (page.length === 0) break;
            let buffer = '';
            for (const row of page) {
            const answers = JSON.parse(row.answers) as AnyAnswers;
            buffer += csvRow([
              row.id,
              row.firm_name,
              row.credit_code,
              countyName(row.county_code),
              zhCN.visitKind[row.kind],
              zhCN.visitStatus[row.status],
              row.revision,
              row.visit_date,
              peopleText(answers),
              answers.problems?.length ?? 0,
              problemsText(answers),
              summaryText(answers),
              answers.conclusion,
              zhCN.syncState[row.sync_state],
              row.completed_at,
              row.review ? zhCN.reviewState[row.review] : '',
            ]);
              rows++;
            }
            await write(buffer);
          }
        });
        return rows;
      });
    },
  };
}
