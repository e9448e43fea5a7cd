import { AppError } from '../../../shared/api/errors';
import { RegisterReportBody, RegisterTemplateBody } from '../../../shared/api/register';
import type { AccountInfo } from '../../../shared/api/sync-protocol';
import type { Credentials } from '../../sync/engine';
import { requestJson, TransportError } from '../../sync/http';
import { writeFileAtomically } from '../atomic-file';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';

/** A register import may take a while on a big list over a slow link. */
const TIMEOUT_MS = 120_000;

/** The server's refusal as the app's error: offline, not allowed, or what is wrong with the file. */
function asAppError(error: unknown): AppError {
  if (!(error instanceof TransportError) || error.httpStatus === null) return new AppError('OFFLINE', 'The server cannot be reached. Importing the register needs the network.');
  if (error.httpStatus === 401) return new AppError('UNAUTHORIZED', 'Sign in again.');
  if (error.httpStatus === 403) return new AppError('FORBIDDEN', 'Only administrators import the register.');
  if (error.httpStatus === 413) return new AppError('VALIDATION', 'The file is too large.', { file: 'validation.fileTooLarge' });
  if (error.httpStatus === 422) return new AppError('VALIDATION', error.message, { file: error.serverKey ?? 'register.file.unreadable' });
  return new AppError('OFFLINE', 'The server could not handle the file now; try again later.');
}

/**
 * The bureau's register, from the app: an administrator, online, sends the list to
 * the server for a dry run, reads the report, then applies it. The laptop only
 * carries the file; the server decides.
 */
export function registerHandlers(ctx: ServiceContext, credentials: () => Credentials, account: () => AccountInfo | null): Pick<Handlers, 'register.import' | 'register.template'> {
  const http = () => {
    const { serverUrl, token } = credentials();
    if (!token || account()?.role !== 'admin') throw new AppError('FORBIDDEN', 'Sign in with an administrator account to import the register.');
    return { serverUrl, token, timeoutMs: TIMEOUT_MS };
  };
  return {
    'register.import': async ({ contentBase64, apply }) => {
      const config = http();
      try {
        const { value } = await requestJson(config, `/api/v1/register/import${apply ? '?apply=1' : ''}`, RegisterReportBody, Buffer.from(contentBase64, 'base64'));
        const { protocol: _p, ...report } = value;
        if (apply && report.applied) ctx.kickSync(); // the next directory pull brings the new register
        return report;
      } catch (error) {
        throw asAppError(error);
      }
    },
    'register.template': async () => {
      const config = http();
      let template;
      try {
        ({ value: template } = await requestJson(config, '/api/v1/register/template', RegisterTemplateBody));
      } catch (error) {
        throw asAppError(error);
      }
      const bytes = Buffer.from(template.contentBase64, 'base64');
      return ctx.platform.deliverFile(template.fileName, async (path) => {
        await writeFileAtomically(path, async (write) => write(bytes));
        return 1;
      });
    },
  };
}
