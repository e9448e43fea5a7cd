import { z } from 'zod';
import { KeyFirmList, ReviewBody, TierChange, TierChangeRequest } from '../../../shared/api/key-firms';
import { issueToKey, issuesToFields } from '../../../shared/domain/validation-keys';
import { csvRow, UTF8_BOM } from '../../../shared/domain/csv';
import { countyName } from '../../../shared/domain/divisions';
import { zhCN } from '../../../shared/i18n/zh-CN';
import { writeFileAtomically } from '../atomic-file';
import { PROTOCOL_VERSION, type AccountInfo } from '../../../shared/api/sync-protocol';
import type { Credentials } from '../../sync/engine';
import { requestJson, type HttpConfig } from '../../sync/http';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { deliverRecorded } from '../audit/audited-export';
import { online, onlineAs } from './online';
import { randomUUID } from 'node:crypto';
import type { QueuedDecision, QueuedDecisionView } from '../../../shared/api/decisions';
import { AppError } from '../../../shared/api/errors';
import { listQueuedDecisions, queueDecision, queuedDecision, receivedDecisionsOf, requeueDecision, waitingSubjects } from '../../../db/repositories/decision-outbox';
import { getSetting, setSetting } from '../../../db/repositories/settings';
import { sendNowOrLater } from '../../sync/decision-push';

const HistoryBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), changes: z.array(TierChange) });
const ListBody = KeyFirmList.extend({ protocol: z.literal(PROTOCOL_VERSION) });

/** The key-firm list as a CSV for Excel: the list as of the day, then the changes over the period. */
function keyFirmCsv(list: KeyFirmList, q: { from: string; to: string }): string {
  const c = zhCN.keyFirms;
  const tier = (v: string) => (v === 'none' ? zhCN.common.none : (zhCN.keyTier as Record<string, string>)[v] ?? v);
  const rows = [
    csvRow([c.csvTitle.replace('{{date}}', list.asOf)]),
    csvRow([c.firm, zhCN.firms.creditCode, c.county, c.tier]),
    ...list.firms.map((f) => csvRow([f.name, f.creditCode, countyName(f.countyCode), tier(f.tier)])),
    csvRow([]),
    csvRow([c.csvChanges.replace('{{from}}', q.from).replace('{{to}}', q.to)]),
    csvRow([c.firm, c.kind, c.from, c.to, c.reason, c.decidedAt]),
    ...list.changes.map((x) => csvRow([x.firmName, c.kinds[x.kind], tier(x.from), tier(x.to), x.reason, x.decidedAt.slice(0, 10)])),
  ];
  return UTF8_BOM + rows.join('');
}

const REVIEW_CACHE = 'review.lastList';

/**
 * The register's decisions: supervisors and admins see the proposed firms, conflicts and tier
 * requests of their counties — online, or offline the list last read — and decide. A decision
 * is queued here (decision_outbox) and sent at once when the server answers, else by the next
 * sync: a supervisor in an office without network decides all the same. Anyone signed in asks
 * for (officer) or makes (supervisor) a tier change and reads a firm's history, online.
 */
export function reviewHandlers(
  ctx: ServiceContext,
  credentials: () => Credentials,
  account: () => AccountInfo | null,
): Pick<Handlers, 'review.list' | 'review.acceptFirm' | 'review.rejectFirm' | 'review.resolveConflict' | 'review.decideTier' | 'review.queued' | 'review.resend' | 'firms.decisions' | 'firms.requestTier' | 'firms.tierHistory' | 'keyFirms.list' | 'keyFirms.exportCsv'> {
  const reviewer = () => onlineAs(credentials, account, ['supervisor', 'admin'], 'Sign in with a supervisor or administrator account to review the register.');
  const anyone = () => onlineAs(credentials, account, ['officer', 'supervisor', 'admin'], 'Sign in (online) to see or change the key-firm list.');
  const keyFirms = async (q: { asOf: string; from: string; to: string }): Promise<KeyFirmList> => {
    const { value } = await online(() => requestJson(reviewer(), `/api/v1/key-firms?asOf=${q.asOf}&from=${q.from}&to=${q.to}`, ListBody));
    const { protocol: _p, ...list } = value;
    return list;
  };
  /** Tries to send the queue at once: online, the decision's answer is there when this returns. */
  const sendNow = async (id: string, who: () => HttpConfig = reviewer): Promise<QueuedDecisionView> => {
    const http = who(); // an account of the right role, signed in on this laptop (the role is known offline)
    await sendNowOrLater(ctx.db, http, () => ctx.now());
    ctx.kickSync();
    return queuedDecision(ctx.db, id)!;
  };
  /** Queues a decision (offline too), then tries to send it. */
  const decide = async (decision: QueuedDecision, label: string): Promise<QueuedDecisionView> => {
    reviewer(); // refused before anything is queued for an account that does not decide
    queueDecision(ctx.db, decision, label);
    return sendNow(decision.id);
  };
  const stamp = () => ctx.now().toISOString();
  return {
    'review.list': async () => {
      let review: Omit<ReviewBody, 'protocol'>;
      let asOf: string | null = null;
      try {
        const { value } = await online(() => requestJson(reviewer(), '/api/v1/firms/review', ReviewBody));
        const { protocol: _p, ...fresh } = value;
        review = fresh;
        setSetting(ctx.db, REVIEW_CACHE, JSON.stringify({ at: stamp(), review }));
      } catch (error) {
        // Offline: the list last read, so decisions can be made (and queued) all the same.
        const cached = getSetting(ctx.db, REVIEW_CACHE);
        if (!cached || !(error instanceof AppError) || error.code !== 'OFFLINE') throw error;
        ({ at: asOf, review } = JSON.parse(cached) as { at: string; review: Omit<ReviewBody, 'protocol'> });
      }
      const waiting = waitingSubjects(ctx.db);
      return {
        proposed: review.proposed.filter((p) => !waiting.has(`firm.accept:${p.id}`) && !waiting.has(`firm.reject:${p.id}`)),
        conflicts: review.conflicts.filter((c) => !waiting.has(`conflict.resolve:${c.id}`)),
        tierRequests: review.tierRequests.filter((r) => !waiting.has(`tier.decide:${r.id}`)),
        asOf,
      };
    },
    'review.acceptFirm': ({ firmId, label }) => decide({ id: randomUUID(), kind: 'firm.accept', subject: firmId, decidedAt: stamp() }, label),
    'review.rejectFirm': ({ firmId, note, label }) => decide({ id: randomUUID(), kind: 'firm.reject', subject: firmId, note, decidedAt: stamp() }, label),
    'review.resolveConflict': ({ id, keep, label }) => decide({ id: randomUUID(), kind: 'conflict.resolve', subject: id, keep, decidedAt: stamp() }, label),
    'review.decideTier': ({ id, accept, note, label }) => decide({ id: randomUUID(), kind: 'tier.decide', subject: id, accept, ...(accept ? {} : { note: note! }), decidedAt: stamp() }, label),
    'review.queued': () => listQueuedDecisions(ctx.db),
    'review.resend': async ({ id }) => {
      if (!requeueDecision(ctx.db, id)) throw new AppError('NOT_FOUND', 'No decision set aside with this id.');
      return sendNow(id, anyone);
    },
    'firms.decisions': ({ firmId }) => receivedDecisionsOf(ctx.db, firmId),
    // Queued like a supervisor's decision: an officer asks offline too, and the request goes with the next sync.
    'firms.requestTier': async ({ firmId, label, ...asked }) => {
      // Checked here as the server will (a level the field does not have is refused now, not after a trip).
      const request = TierChangeRequest.safeParse(asked, { error: issueToKey });
      if (!request.success) throw new AppError('VALIDATION', 'Some fields are not valid.', issuesToFields(request.error.issues));
      const decision: QueuedDecision = { id: randomUUID(), kind: 'tier.request', subject: firmId, request: request.data, decidedAt: stamp() };
      anyone();
      queueDecision(ctx.db, decision, label);
      return sendNow(decision.id, anyone);
    },
    'firms.tierHistory': async ({ firmId }) => (await online(() => requestJson(anyone(), `/api/v1/firms/${encodeURIComponent(firmId)}/tier-history`, HistoryBody))).value.changes,
    'keyFirms.list': (query) => keyFirms(query),
    'keyFirms.exportCsv': async (query) => {
      const list = await keyFirms(query);
      return deliverRecorded(ctx, 'export.keyFirms', { contacts: false }, `重点企业名单-${list.asOf}.csv`, async (path) => {
        await writeFileAtomically(path, async (write) => write(keyFirmCsv(list, query)));
        return list.firms.length;
      });
    },
  };
}
