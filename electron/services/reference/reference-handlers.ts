import { ReferenceImportBody, ReferenceListBody, UnmatchedBanksBody } from '../../../shared/api/reference-lists';
import type { AccountInfo } from '../../../shared/api/sync-protocol';
import type { Credentials } from '../../sync/engine';
import { requestJson } from '../../sync/http';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { online, onlineAs } from '../handlers/online';

/**
 * The bureau's reference lists from the app (an administrator, online): the list as it
 * stands, a CSV's dry run and import with its source, and the bank names no entry matches.
 * The server decides; the laptop's copy comes with the next directory pull.
 */
export function referenceListHandlers(ctx: ServiceContext, credentials: () => Credentials, account: () => AccountInfo | null): Pick<Handlers, 'referenceLists.list' | 'referenceLists.import' | 'referenceLists.unmatchedBanks'> {
  const admin = () => onlineAs(credentials, account, ['admin'], 'Sign in with an administrator account to keep the reference lists.');
  return {
    'referenceLists.list': async ({ kind }) => (await online(() => requestJson(admin(), `/api/v1/reference/${kind}`, ReferenceListBody))).value.items,
    'referenceLists.import': async ({ kind, contentBase64, apply, source }) => {
      const query = new URLSearchParams({ ...(apply ? { apply: '1' } : {}), source });
      const { value } = await online(() => requestJson(admin(), `/api/v1/reference/${kind}/import?${query.toString()}`, ReferenceImportBody, Buffer.from(contentBase64, 'base64')));
      const { protocol: _p, ...report } = value;
      if (report.applied) ctx.kickSync(); // the next pull brings the new list
      return report;
    },
    'referenceLists.unmatchedBanks': async () => (await online(() => requestJson(admin(), '/api/v1/reference-unmatched/bank', UnmatchedBanksBody))).value.names,
  };
}
