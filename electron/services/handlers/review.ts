import { z } from 'zod';
import { KeyFirmList, ReviewBody, TierChange } from '../../../shared/api/key-firms';
import { csvRow, UTF8_BOM } from '../../../shared/domain/csv';
import { countyName } from '../../../shared/domain/divisions';
import { zhCN } from '../../../shared/i18n/zh-CN';
import { writeFileAtomically } from '../atomic-file';
import { PROTOCOL_VERSION, type AccountInfo } from '../../../shared/api/sync-protocol';
import type { Credentials } from '../../sync/engine';
import { requestJson } from '../../sync/http';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { deliverRecorded } from '../audit/audited-export';
import { online, onlineAs } from './online';

const Done = z.object({ protocol: z.literal(PROTOCOL_VERSION) });
const ChangeBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), change: TierChange });
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
): Pick<Handlers, 'review.list' | 'review.acceptFirm' | 'review.resolveConflict' | 'review.decideTier' | 'firms.requestTier' | 'firms.tierHistory' | 'keyFirms.list' | 'keyFirms.exportCsv'> {
  const reviewer = () => onlineAs(credentials, account, ['supervisor', 'admin'], 'Sign in with a supervisor or administrator account to review the register.');
  const anyone = () => onlineAs(credentials, account, ['officer', 'supervisor', 'admin'], 'Sign in (online) to see or change the key-firm list.');
  const keyFirms = async (q: { asOf: string; from: string; to: string }): Promise<KeyFirmList> => {
    const { value } = await online(() => requestJson(reviewer(), `/api/v1/key-firms?asOf=${q.asOf}&from=${q.from}&to=${q.to}`, ListBody));
    const { protocol: _p, ...list } = value;
    return list;
  };
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
    'review.decideTier': async ({ id, accept, note }) =>
      decided((await online(() => requestJson(reviewer(), `/api/v1/firms/tier-changes/${id}/decide`, ChangeBody, accept ? { accept } : { accept, note }))).value.change),
    'firms.requestTier': async ({ firmId, ...request }) => decided((await online(() => requestJson(anyone(), `/api/v1/firms/${encodeURIComponent(firmId)}/tier`, ChangeBody, request))).value.change),
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
