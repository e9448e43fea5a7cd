import { z } from 'zod';
import { EVENT_KINDS } from './answers/event';

/** An event as a firm's page lists it: what, when, where, whether the firm came, and what was taken up. */
export const FirmEvent = z.object({
  visitId: z.string(),
  date: z.string(),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  place: z.string(),
  attended: z.boolean(),
  banks: z.array(z.string()),
  problemsTakenUp: z.number().int(),
});
export type FirmEvent = z.infer<typeof FirmEvent>;
