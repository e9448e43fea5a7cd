import { AppError } from '../../../shared/api/errors';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { localToday } from '../../../shared/domain/visit';
import { firmExists, firmIdByCreditCode, getFirm, searchFirms, upsertFirm } from '../../../db/repositories/firms';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';

export function firmHandlers(ctx: ServiceContext): Pick<Handlers, 'firms.search' | 'firms.get' | 'firms.save'> {
  const today = () => localToday(ctx.now());
  const load = (id: string) => {
    const firm = getFirm(ctx.db, id, today());
    if (!firm) throw new AppError('NOT_FOUND', 'No firm with this id.');
    return firm;
  };
  return {
    'firms.search': (filter) => searchFirms(ctx.db, filter, today()),
    'firms.get': ({ id }) => load(id),
    'firms.save': (input) => {
      const id = input.id ?? `firm-${uuidv7(ctx.now().getTime())}`;
      ctx.db
        .transaction(() => {
          if (input.id && !firmExists(ctx.db, input.id)) throw new AppError('NOT_FOUND', 'No firm with this id.');
          const holder = firmIdByCreditCode(ctx.db, input.creditCode);
          if (holder && holder !== id) throw new AppError('VALIDATION', 'Another firm has this credit code.', { creditCode: 'validation.creditDuplicate' });
          upsertFirm(ctx.db, {
            ...input,
            id,
            certifications: input.certifications.map((c) => ({ ...c, id: uuidv7(ctx.now().getTime()) })),
            updatedAt: ctx.now().toISOString(),
          });
        })
        .immediate();
      return load(id);
    },
  };
}
