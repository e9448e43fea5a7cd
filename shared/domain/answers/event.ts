import { z } from 'zod';
import { COUNTY_CODES } from '../divisions';
import { FirmId } from '../firm';
import { checkUpdates, problemUpdateSchema } from './followup';
export { eventFirms, eventUpdates } from './event-firms';
import { date, list, optionalText, requiredChoice, requiredText, type Mode } from './fields';

/**
 * A programme event (活动): a financing forum where firms meet banks, financing coaching,
 * a chain exchange meeting, an investment trip. It is recorded like a visit — draft,
 * autosave, completion, amendment, outbox, push — but belongs to no single firm: it is
 * placed by the county where it was held, and names the firms invited and those who came.
 * A firm that came may have problems taken up there, with the same updates a follow-up
 * makes (a financing problem's step with a bank moves its case along).
 */
export const EVENT_KINDS = ['financing_forum', 'financing_coaching', 'chain_exchange', 'investment_trip', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const ORGANISATION_TYPES = ['bank', 'guarantor', 'government', 'association', 'other'] as const;

/** The most firms one event names: a city-wide forum, with room to spare. */
export const MAX_EVENT_FIRMS = 300;

export function eventSchema(mode: Mode, today?: string) {
  const organisation = z.strictObject({ name: requiredText(mode, 60), type: requiredChoice(mode, ORGANISATION_TYPES) });
  const firm = z.strictObject({
    firmId: FirmId,
    /** Invited is implied by being listed; attended says whether the firm came. */
    attended: z.boolean().optional(),
    note: optionalText(500),
    updates: list(mode, problemUpdateSchema(mode), 20),
  });
  const base = z.strictObject({
    visitDate: date(mode, true),
    eventKind: requiredChoice(mode, EVENT_KINDS),
    title: requiredText(mode, 100),
    place: requiredText(mode, 200),
    /** Where the event was held: the county it is placed in and scoped by. */
    countyCode: requiredChoice(mode, COUNTY_CODES),
    organiser: requiredText(mode, 200),
    organisations: list(mode, organisation, 50),
    firms: list(mode, firm, MAX_EVENT_FIRMS, 1),
    topics: requiredText(mode, 2000),
    outcomes: requiredText(mode, 3000),
  });
  if (mode === 'draft') return base;
  return base.superRefine((a, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (today && a.visitDate && a.visitDate > today) issue(['visitDate'], 'validation.futureDate');
    const firmIds = (a.firms ?? []).map((f) => f.firmId);
    if (new Set(firmIds).size !== firmIds.length) issue(['firms'], 'validation.duplicate');
    const names = (a.organisations ?? []).map((o) => (o.name ?? '').trim());
    if (new Set(names).size !== names.length) issue(['organisations'], 'validation.duplicate');
    (a.firms ?? []).forEach((f, i) => {
      // Problems are taken up with the firms that came, not with those who stayed away.
      if (!f.attended && (f.updates?.length ?? 0) > 0) issue(['firms', i, 'updates'], 'validation.notAttended');
      checkUpdates(f.updates ?? [], a.visitDate, ['firms', i, 'updates'], issue);
    });
    const problemIds = (a.firms ?? []).flatMap((f) => (f.updates ?? []).map((u) => u.problemId));
    if (new Set(problemIds).size !== problemIds.length) issue(['firms'], 'validation.duplicate');
  });
}
export type EventAnswers = z.infer<ReturnType<typeof eventSchema>>;

/** The problem updates an event makes, each with the firm it was made for. */
