import { firmEvents } from '../../../db/repositories/events';
import { AppError } from '../../../shared/api/errors';
import { localToday } from '../../../shared/domain/visit';
import { listEliminated, listReference } from '../../../db/repositories/reference';
import { expiringCertificates, setCertificateWarningDays } from '../../../db/repositories/certificates';
import { financingCases } from '../../../db/repositories/financing';
import { getProblem, listProblems } from '../../../db/repositories/problems';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';

export function problemHandlers(ctx: ServiceContext): Pick<Handlers, 'problems.list' | 'problems.get' | 'reference.list' | 'reference.eliminated' | 'certificates.expiring' | 'certificates.setWarningDays' | 'financing.cases' | 'firms.events'> {
  return {
    'problems.list': ({ firmId, openOnly, limit, offset }) => listProblems(ctx.db, { firmId, openOnly, limit: limit ?? 50, offset: offset ?? 0 }, localToday(ctx.now())),
    'problems.get': ({ id }) => {
      const problem = getProblem(ctx.db, id, localToday(ctx.now()));
      if (!problem) throw new AppError('NOT_FOUND', 'No problem with this id.');
      return problem;
    },
    'reference.list': ({ kind }) => listReference(ctx.db, kind),
    'reference.eliminated': () => listEliminated(ctx.db),
    'financing.cases': ({ firmId }) => financingCases(ctx.db, firmId),
    'firms.events': ({ firmId }) => firmEvents(ctx.db, firmId),
    'certificates.expiring': () => expiringCertificates(ctx.db, localToday(ctx.now())),
    'certificates.setWarningDays': ({ days }) => {
      setCertificateWarningDays(ctx.db, days);
      return expiringCertificates(ctx.db, localToday(ctx.now()));
    },
  };
}
