import { eventFirms, eventUpdates, type EventKind } from '../../shared/domain/answers';
import type { FirmEvent } from '../../shared/domain/events';
import type { Db } from '../open';
import { applyVisitToProblems, type FollowUpOutcome } from './problems';

/**
 * Makes a completed event revision live: its firms (invited, attended) and the problems
 * taken up there — status changes, trail entries and financing steps, by the same code a
 * follow-up uses. An older revision arriving after a newer one (a pull out of order)
 * changes nothing. Call inside the completion or pull transaction.
 */
export function applyEvent(db: Db, visitId: string, revision: number, answers: Record<string, unknown>, now: string, officer: string | null): FollowUpOutcome {
  const newer = db.prepare('SELECT 1 FROM event_firms WHERE visit_id = ? AND revision > ?').get(visitId, revision) !== undefined;
  if (!newer) {
    db.prepare('DELETE FROM event_firms WHERE visit_id = ?').run(visitId);
    const insert = db.prepare('INSERT INTO event_firms (visit_id, firm_id, revision, attended) VALUES (?, ?, ?, ?)');
    for (const f of eventFirms(answers)) insert.run(visitId, f.firmId, revision, f.attended ? 1 : 0);
  }
  return applyVisitToProblems(db, { id: visitId, revision, kind: 'event', firmId: null, officer, answers, completedAt: now });
}

/** The events a firm was named in (latest completed revision), newest first. */
export function firmEvents(db: Db, firmId: string): FirmEvent[] {
  const rows = db
    .prepare(
      `SELECT v.id, r.visit_date, json_extract(r.answers, '$.eventKind') AS kind, json_extract(r.answers, '$.title') AS title,
              json_extract(r.answers, '$.place') AS place, e.attended, r.answers
       FROM event_firms e JOIN visits v ON v.id = e.visit_id JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision
       WHERE e.firm_id = ? ORDER BY r.visit_date DESC, v.id DESC`,
    )
    .all(firmId) as { id: string; visit_date: string; kind: EventKind; title: string; place: string; attended: number; answers: string }[];
  return rows.map((r) => {
    const answers = JSON.parse(r.answers) as Record<string, unknown>;
    const banks = Array.isArray(answers.organisations) ? (answers.organisations as { name?: string; type?: string }[]).filter((o) => o.type === 'bank').map((o) => o.name ?? '') : [];
    return {
      visitId: r.id,
      date: r.visit_date,
      kind: r.kind,
      title: r.title,
      place: r.place,
      attended: r.attended === 1,
      banks,
      problemsTakenUp: eventUpdates(answers).filter((u) => u.firmId === firmId).length,
    };
  });
}
