import { VisitChangesBody } from '../../shared/api/sync-protocol';
import type { Db } from '../../db/open';
import { applyEvent } from '../../db/repositories/events';
import { addFirmSeenOnServer, touchLastVisit } from '../../db/repositories/firms';
import { applyVisitToProblems } from '../../db/repositories/problems';
import { getSetting, setSetting } from '../../db/repositories/settings';
import { insertRevision } from '../../db/repositories/visits';
import { requestJson, type HttpConfig } from './http';

const CURSOR_KEY = 'visits.cursor';

/**
 * A supervisor's pull of the consolidated visits of their scope into the local
 * store, as read-only copies, incrementally. Each page — visits, the problems they
 * raise or move, and the new cursor — is applied in one transaction, so a dropped
 * connection leaves the last good copy untouched and the next pull resumes.
 */
export async function pullVisits(db: Db, http: HttpConfig, onPage?: (received: number) => void): Promise<number> {
  const typedHere = db.prepare("SELECT 1 FROM visits WHERE id = ? AND origin = 'local'");
  const upsertVisit = db.prepare(
    `INSERT INTO visits (id, firm_id, kind, officer, status, revision, answers, visit_date, content_hash, created_at, updated_at, completed_at, sync_state, synced_at, origin)
     VALUES (@id, @firmId, @kind, @officer, 'completed', @revision, @answers, @visitDate, @contentHash, @completedAt, @completedAt, @completedAt, 'synced', @receivedAt, 'server')
     ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, answers = excluded.answers, visit_date = excluded.visit_date,
       content_hash = excluded.content_hash, completed_at = excluded.completed_at, updated_at = excluded.updated_at, officer = excluded.officer
     WHERE excluded.revision >= visits.revision`,
  );
  const markCounted = db.prepare('UPDATE visits SET completed_revision = MAX(COALESCE(completed_revision, 0), ?) WHERE id = ?');
  let pulled = 0;
  for (let page = 0; page < 10_000; page++) {
    const cursor = getSetting(db, CURSOR_KEY) ?? '0';
    // The first page says a sync starts: the server's audit log keeps one row per supervisor's sync, not per page.
    const { value } = await requestJson(http, `/api/v1/visits/changes?cursor=${cursor}`, VisitChangesBody, undefined, page === 0 ? { headers: { 'x-xunlian-sync-start': '1' } } : {});
    db.transaction(() => {
      const touched = new Set<string>();
      for (const v of value.visits) {
        const firm = v.firm as { name?: string; creditCode?: string; countyCode?: string } | null;
        if (v.firmId !== null) addFirmSeenOnServer(db, v.firmId, firm, v.receivedAt);
        if (typedHere.get(v.id)) continue; // typed on this laptop: the local copy is the original
        const visitDate = typeof v.answers.visitDate === 'string' ? v.answers.visitDate : null;
        upsertVisit.run({ ...v, answers: JSON.stringify(v.answers), visitDate });
        insertRevision(db, v.id, v.revision, v.answers, v.contentHash, v.completedAt);
        markCounted.run(v.revision, v.id);
        // What the server accepted is applied as it is: an update this laptop cannot place is skipped, not refused.
        if (v.firmId === null) {
          if (v.kind === 'event') applyEvent(db, v.id, v.revision, v.answers, v.completedAt, v.officer);
          continue;
        }
        applyVisitToProblems(db, { id: v.id, revision: v.revision, kind: v.kind, firmId: v.firmId, officer: v.officer, answers: v.answers, completedAt: v.completedAt });
        touched.add(v.firmId);
      }
      for (const firmId of touched) touchLastVisit(db, firmId); // once per firm and page
      setSetting(db, CURSOR_KEY, value.cursor);
    })();
    pulled += value.visits.length;
    onPage?.(pulled);
    if (!value.more) break;
  }
  return pulled;
}
