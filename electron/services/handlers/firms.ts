import { AppError } from '../../../shared/api/errors';
import { getFirm, searchFirms } from '../../../db/repositories/firms';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';

export function firmHandlers(ctx: ServiceContext): Pick<Handlers, 'firms.search' | 'firms.get'> {
  return {
    'firms.search': ({ query, limit, offset }) => searchFirms(ctx.db, query ?? '', limit ?? 50, offset ?? 0),
    'firms.get': ({ id }) => {
      const firm = getFirm(ctx.db, id);
      if (!firm) throw new AppError('NOT_FOUND', 'No firm with this id.');
      return firm;
    },
  };
}
