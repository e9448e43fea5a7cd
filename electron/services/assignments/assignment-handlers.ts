import { AssignableOfficersBody, AssignmentHistoryBody, AssignmentImportBody, AssignResult, CadenceBody } from '../../../shared/api/assignments';
import type { AccountInfo } from '../../../shared/api/sync-protocol';
import { localToday } from '../../../shared/domain/visit';
import { assignedFirms, cadenceHere, firmOfficer } from '../../../db/repositories/assignments';
import type { Credentials } from '../../sync/engine';
import { requestJson } from '../../sync/http';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { online, onlineAs } from '../handlers/online';
import { AppError } from '../../../shared/api/errors';
import { TransportError } from '../../sync/http';

/** A refusal the server explains (outside your counties, not an officer of that county…) keeps its reason for the screen. */
async function explained<T>(request: () => Promise<T>): Promise<T> {
  return online(async () => {
    try {
      return await request();
    } catch (error) {
      if (error instanceof TransportError && error.serverKey && (error.httpStatus === 403 || error.httpStatus === 404 || error.httpStatus === 422))
        throw new AppError(error.httpStatus === 403 ? 'FORBIDDEN' : error.httpStatus === 404 ? 'NOT_FOUND' : 'VALIDATION', error.message, { server: error.serverKey });
      throw error;
    }
  });
}

type AssignmentMethods = 'assignments.mine' | 'firms.officer' | 'assignments.officers' | 'assignments.assign' | 'assignments.import' | 'cadence.get' | 'cadence.set';

/**
 * 包联 from the app. What an officer answers for and when each firm is due is read from this
 * laptop's copy (offline too); assigning, the import and the cadence are the server's to decide
 * (online), and reach every laptop with the next directory pull.
 */
export function assignmentHandlers(ctx: ServiceContext, credentials: () => Credentials, account: () => AccountInfo | null): Pick<Handlers, AssignmentMethods> {
  const assigner = () => onlineAs(credentials, account, ['supervisor', 'admin'], 'Sign in as a supervisor or administrator to assign firms.');
  const admin = () => onlineAs(credentials, account, ['admin'], 'Sign in with an administrator account.');
  const signedIn = () => onlineAs(credentials, account, ['officer', 'supervisor', 'admin'], 'Sign in to read the history.');
  return {
    'assignments.mine': () => {
      const username = account()?.username ?? null;
      if (!username) return { items: [], cadence: cadenceHere(ctx.db), username: null };
      return { ...assignedFirms(ctx.db, username, localToday(ctx.now())), username };
    },
    'firms.officer': async ({ firmId }) => {
      const here = firmOfficer(ctx.db, firmId);
      // The history is the server's; offline (or a firm the register does not know yet) the laptop's copy of the officer is shown alone.
      try {
        const { value } = await requestJson({ ...signedIn(), timeoutMs: 8_000 }, `/api/v1/firms/${encodeURIComponent(firmId)}/assignments`, AssignmentHistoryBody);
        return { officer: value.officer, history: value.history };
      } catch {
        return { officer: here, history: null };
      }
    },
    'assignments.officers': async () => (await online(() => requestJson(assigner(), '/api/v1/assignments/officers', AssignableOfficersBody))).value.officers,
    'assignments.assign': async (request) => {
      const { value } = await explained(() => requestJson(assigner(), '/api/v1/assignments', AssignResult, request));
      ctx.kickSync(); // the next pull brings the new officers
      return { changed: value.changed, unchanged: value.unchanged };
    },
    'assignments.import': async ({ fileName, contentBase64, apply }) => {
      const query = new URLSearchParams({ ...(apply ? { apply: '1' } : {}), source: fileName });
      const { value } = await online(() => requestJson(admin(), `/api/v1/assignments/import?${query.toString()}`, AssignmentImportBody, Buffer.from(contentBase64, 'base64')));
      const { protocol: _p, ...report } = value;
      if (report.applied) ctx.kickSync();
      return report;
    },
    'cadence.get': () => cadenceHere(ctx.db),
    'cadence.set': async (cadence) => {
      const { value } = await explained(() => requestJson(admin(), '/api/v1/cadence', CadenceBody, { cadence }, { method: 'PUT' }));
      ctx.kickSync();
      return value.cadence;
    },
  };
}
