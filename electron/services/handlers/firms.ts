import { AppError } from '../../../shared/api/errors';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { localToday } from '../../../shared/domain/visit';
import { firmAlias, firmIdByCreditCode, getFirm, searchFirms } from '../../../db/repositories/firms';
import { writeFirmHere } from '../firms/firm-writes';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';

export function firmHandlers(ctx: ServiceContext): Pick<Handlers, 'firms.search' | 'firms.get' | 'firms.save'> {
  const today = () => localToday(ctx.now());
  const load = (id: string) => {
    // A firm id this laptop made may since have been merged into a register firm.
    const merged = firmAlias(ctx.db, id);
    const firm = getFirm(ctx.db, id, today()) ?? (merged ? getFirm(ctx.db, merged, today()) : null);
    if (!firm) throw new AppError('NOT_FOUND', 'No firm with this id.');
    return firm;
  };
  return {
    'firms.search': (filter) => searchFirms(ctx.db, filter, today()),
    'firms.get': ({ id }) => load(id),
    /**
     * Saves the firm here and queues the change for the register in the same
     * transaction: a new firm with its identity, an edit with only the fields that
     * changed, what they held before, and the register version they were based on.
     * Key-firm tier and 专精特新 level are the bureau's: kept as the register says.
     */
    'firms.save': (input) => {
      const id = input.id ?? `firm-${uuidv7(ctx.now().getTime())}`;
      const now = ctx.now().toISOString();
      ctx.db
        .transaction(() => {
          const before = input.id ? getFirm(ctx.db, input.id, today()) : null;
          if (input.id && !before) throw new AppError('NOT_FOUND', 'No firm with this id.');
          const holder = firmIdByCreditCode(ctx.db, input.creditCode);
          if (holder && holder !== id) throw new AppError('VALIDATION', 'Another firm has this credit code.', { creditCode: 'validation.creditDuplicate' });
          writeFirmHere(ctx, id, before, input, now);
        })
        .immediate();
      ctx.kickSync();
      return load(id);
    },
  };
}
