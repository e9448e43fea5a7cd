import { eliminatedEntryOf } from '../../shared/reference/eliminated-products';
import { DirectoryBody, REFERENCE_KINDS, type DirectoryReference } from '../../shared/api/sync-protocol';
import type { Db } from '../../db/open';
import { firmExists, noteRegisterVisit, upsertFirm } from '../../db/repositories/firms';
import { setFirmOfficer, setFirmOfficerPeriods } from '../../db/repositories/assignments';
import { matchRecordedBanks, upsertReferenceItem, type ReferenceKind } from '../../db/repositories/reference';
import { getSetting, setSetting } from '../../db/repositories/settings';
import { requestJson, type HttpConfig } from './http';

const CURSOR_KEY = 'directory.cursor';

/**
 * Pulls what changed in the directory since the stored cursor, page by page.
 * Each page and its new cursor are applied in one transaction, so an interrupted
 * pull resumes where it stopped and never applies half a page.
 */
export async function pullDirectory(db: Db, http: HttpConfig, now: () => Date): Promise<{ firms: number; reference: number }> {
  let firms = 0;
  let reference = 0;
  for (let page = 0; page < 1000; page++) {
    const cursor = getSetting(db, CURSOR_KEY) ?? '0';
    const { value } = await requestJson(http, `/api/v1/directory?cursor=${cursor}`, DirectoryBody);
    db.transaction(() => {
      const at = now().toISOString();
      // A firm with an edit still queued here keeps showing what the officer typed until the register answers.
      const pendingHere = new Set(db.prepare(`SELECT DISTINCT firm_id FROM firm_outbox WHERE state = 'pending'`).pluck().all() as string[]);
      const versionHere = db.prepare('SELECT register_version FROM firms WHERE id = ?').pluck();
      for (const f of value.firms) {
        if (f.deleted) continue; // visits may refer to it; the firm stays on the laptop
        const { deleted: _d, registerStatus, version, officer, lastVisitDate, officerPeriods, ...firm } = f;
        // A page read before the register acknowledged this laptop's last edit never puts older values back.
        const known = versionHere.get(f.id) as string | null | undefined;
        const stale = !!known && !!version && BigInt(known) > BigInt(version);
        if (!pendingHere.has(f.id) && !stale) upsertFirm(db, { ...firm, updatedAt: at, registerState: registerStatus ?? 'registered', registerVersion: version ?? null });
        // Who answers for the firm, and when anyone last visited it, follow the register even while an edit of it waits here.
        if (firmExists(db, f.id)) {
          setFirmOfficer(db, f.id, officer);
          setFirmOfficerPeriods(db, f.id, officerPeriods);
          noteRegisterVisit(db, f.id, lastVisitDate);
        }
      }
      for (const r of value.reference) if (known(r)) upsertReferenceItem(db, r);
      setSetting(db, CURSOR_KEY, value.cursor);
    })();
    // A changed bank list: steps already recorded under a name it now knows count as that bank.
    if (value.reference.some((r) => r.kind === 'bank')) matchRecordedBanks(db);
    firms += value.firms.length;
    reference += value.reference.length;
    if (!value.more) break;
  }
  return { firms, reference };
}

/** A list this version keeps, with the detail it needs: an eliminated-products entry whose detail does not parse is skipped, not stored half. */
function known(r: DirectoryReference): r is DirectoryReference & { kind: ReferenceKind } {
  if (!(REFERENCE_KINDS as readonly string[]).includes(r.kind)) return false;
  return r.kind !== 'eliminated_product' || eliminatedEntryOf(r.detail) !== null;
}
