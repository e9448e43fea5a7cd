import { standingAfter, type BankStanding, type FinancingCase, type FinancingStage } from '../../shared/domain/financing';
import type { Db } from '../open';

/**
 * A firm's financing cases, newest need first: each counted diagnosis with a need, and
 * where it stands with each bank (the latest step; approved and received amounts) — the
 * same rules the summary counts by (shared/domain/summary.ts).
 */
export function financingCases(db: Db, firmId: string): FinancingCase[] {
  const needs = db
    .prepare(
      `SELECT v.id, r.visit_date AS visitDate, r.financing_amount AS need FROM visits v
       JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision
       WHERE v.firm_id = ? AND v.kind = 'diagnosis' AND r.financing_amount > 0 ORDER BY r.visit_date DESC, v.id DESC`,
    )
    .all(firmId) as { id: string; visitDate: string; need: number }[];
  const steps = db.prepare(
    `SELECT s.bank, s.stage, s.on_date AS "on", s.amount FROM financing_steps s JOIN problems p ON p.id = s.problem_id
     WHERE p.raised_visit_id = ? ORDER BY s.on_date, s.visit_id`,
  );
  return needs.map((need) => {
    const banks = new Map<string, BankStanding>();
    for (const s of steps.all(need.id) as { bank: string; stage: FinancingStage; on: string; amount: number | null }[]) banks.set(s.bank, standingAfter(banks.get(s.bank), s));
    const standings = [...banks].map(([bank, { stage, on, approved, received }]) => ({ bank, stage, on, approved, received }));
    const received = standings.reduce((sum, b) => sum + b.received, 0);
    return { visitId: need.id, visitDate: need.visitDate, need: need.need, received, met: received >= need.need, banks: standings };
  });
}
