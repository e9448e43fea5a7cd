import { RegisterReportBody, RegisterTemplateBody } from '../../../shared/api/register';
import type { AccountInfo } from '../../../shared/api/sync-protocol';
import type { Credentials } from '../../sync/engine';
import { requestJson } from '../../sync/http';
import { writeFileAtomically } from '../atomic-file';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { online, onlineAs } from './online';

/**
 * The bureau's register, from the app: an administrator, online, sends the list to
 * the server for a dry run, reads the report, then applies it. The laptop only
 * carries the file; the server decides.
 */
export function registerHandlers(ctx: ServiceContext, credentials: () => Credentials, account: () => AccountInfo | null): Pick<Handlers, 'register.import' | 'register.template'> {
  const http = () => onlineAs(credentials, account, ['admin'], 'Sign in with an administrator account to import the register.');
  return {
    'register.import': async ({ contentBase64, apply }) => {
      const config = http();
      const { value } = await online(() => requestJson(config, `/api/v1/register/import${apply ? '?apply=1' : ''}`, RegisterReportBody, Buffer.from(contentBase64, 'base64')));
      const { protocol: _p, ...report } = value;
      if (apply && report.applied) ctx.kickSync(); // the next directory pull brings the new register
      return report;
    },
    'register.template': async () => {
      const config = http();
      const { value: template } = await online(() => requestJson(config, '/api/v1/register/template', RegisterTemplateBody));
      const bytes = Buffer.from(template.contentBase64, 'base64');
      return ctx.platform.deliverFile(template.fileName, async (path) => {
        await writeFileAtomically(path, async (write) => write(bytes));
        return 1;
      });
    },
  };
}
