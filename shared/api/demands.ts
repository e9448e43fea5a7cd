import { z } from 'zod';
import { DemandLimits } from '../domain/demand/deadlines';
import { PROTOCOL_VERSION } from './sync-protocol';

/**
 * Demands (企业诉求, issue 31): the bureau's work calendar and its deadlines, kept by
 * administrators on the server and carried to laptops by the directory pull.
 */
export const CALENDAR_IMPORT_PROBLEMS = ['noHeader', 'badDate', 'badType', 'duplicate', 'tooMany'] as const;

export const CalendarImportReport = z.object({
  applied: z.boolean(),
  /** Where the calendar came from (the State Council notice), as the administrator named it, and the file. */
  source: z.string(),
  years: z.array(z.number().int()),
  counts: z.object({ rows: z.number().int(), holidays: z.number().int(), workdays: z.number().int() }),
  /** Each problem as an i18n key (demands.calendarProblem.<key>) with the value it names. */
  errors: z.array(z.object({ row: z.number().int(), key: z.enum(CALENDAR_IMPORT_PROBLEMS), value: z.string() })),
});
export type CalendarImportReport = z.infer<typeof CalendarImportReport>;
export const CalendarImportBody = CalendarImportReport.extend({ protocol: z.literal(PROTOCOL_VERSION) });

/** The deadlines in working days by urgency. */
export const LimitsSetting = z.strictObject({ low: DemandLimits, normal: DemandLimits, high: DemandLimits });
export type LimitsSetting = z.infer<typeof LimitsSetting>;
export const LimitsBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), limits: LimitsSetting });
