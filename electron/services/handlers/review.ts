import { z } from 'zod';
import { ReviewBody, TierChange } from '../../../shared/api/key-firms';
import { PROTOCOL_VERSION, type AccountInfo } from '../../../shared/api/sync-protocol';
import type { Credentials } from '../../sync/engine';
import { requestJson } from '../../sync/http';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { online, onlineAs } from './online';

const Done = z.object({ protocol: z.literal(PROTOCOL_VERSION) });
const ChangeBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), change: TierChange });
const HistoryBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), changes: z.array(TierChange) });

/**
 * The register's decisions, from the app (online): supervisors and admins see the
 * proposed firms, conflicts and tier requests of their counties and decide; anyone
 * signed in asks for (officer) or makes (supervisor) a tier change and reads a firm's
 * history. After a decision the next sync brings the register's new state.
 */
export function reviewHandlers(
  ctx: ServiceContext,
  credentials: () => Credentials,
  account: () => AccountInfo | null,
): Pick<Handlers, 'review.list' | 'review.acceptFirm' | 'review.resolveConflict' | 'review.decideTier' | 'firms.requestTier' | 'firms.tierHistory'> {
  const reviewer = () => onlineAs(credentials, account, ['supervisor', 'admin'], 'Sign in with a supervisor or administrator account to review the register.');
  const anyone = () => onlineAs(credentials, account, ['officer', 'supervisor', 'admin'], 'Sign in (online) to see or change the key-firm list.');
  const decided = <T>(value: T): T => {
    ctx.kickSync();
    return value;
  };
  return {
    'review.list': async () => {
      const { value } = await online(() => requestJson(reviewer(), '/api/v1/firms/review', ReviewBody));
      const { protocol: _p, ...review } = value;
      return review;
    },
    'review.acceptFirm': async ({ firmId }) => {
      await online(() => requestJson(reviewer(), `/api/v1/firms/${encodeURIComponent(firmId)}/accept`, Done, {}));
      return decided({ done: true });
    },
    'review.resolveConflict': async ({ id, keep }) => {
      await online(() => requestJson(reviewer(), `/api/v1/firms/conflicts/${id}/resolve`, Done, { keep }));
      return decided({ done: true });
    },
    'review.decideTier': async ({ id, accept }) => decided((await online(() => requestJson(reviewer(), `/api/v1/firms/tier-changes/${id}/decide`, ChangeBody, { accept }))).value.change),
    'firms.requestTier': async ({ firmId, ...request }) => decided((await online(() => requestJson(anyone(), `/api/v1/firms/${encodeURIComponent(firmId)}/tier`, ChangeBody, request))).value.change),
    'firms.tierHistory': async ({ firmId }) => (await online(() => requestJson(anyone(), `/api/v1/firms/${encodeURIComponent(firmId)}/tier-history`, HistoryBody))).value.changes,
  };
}
