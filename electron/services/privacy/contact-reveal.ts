import { AppError } from '../../../shared/api/errors';
import { recordAuditEvent } from '../../../db/repositories/audit-outbox';
import { statement } from '../../../db/statements';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';

/**
 * A contact's full phone number, shown on the firm page only when the officer asks for it
 * (issue 32): masked everywhere by default, a deliberate click shows it, and the click is
 * recorded in the audit log (sent to the server with the laptop's other audit events).
 */
export function contactRevealHandlers(ctx: ServiceContext): Pick<Handlers, 'firms.revealContact'> {
  return {
    'firms.revealContact': ({ firmId, index }) => {
      const row = statement(ctx.db, 'SELECT county_code, contacts FROM firms WHERE id = ?').get(firmId) as { county_code: string; contacts: string } | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'No firm with this id.');
      const contact = (JSON.parse(row.contacts) as { phone?: string }[])[index];
      if (!contact) throw new AppError('NOT_FOUND', 'The firm has no such contact.');
      recordAuditEvent(ctx.db, { at: ctx.now(), action: 'contact.revealed', counties: [row.county_code], detail: { firm: firmId.slice(0, 64), contact: index } });
      return { phone: contact.phone ?? '' };
    },
  };
}
