import { z } from 'zod';
import { PROTOCOL_VERSION } from './sync-protocol';

/** The reference lists an administrator maintains (issue 26): banks now, departments the same way; later lists follow. */
export const MAINTAINED_KINDS = ['bank', 'department'] as const;
export type MaintainedKind = (typeof MAINTAINED_KINDS)[number];

export const ReferenceListItem = z.object({ code: z.string(), name: z.string(), group: z.string(), aliases: z.array(z.string()), active: z.boolean() });
export type ReferenceListItem = z.infer<typeof ReferenceListItem>;
export const ReferenceListBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), items: z.array(ReferenceListItem) });

export const ReferenceImportReport = z.object({
  kind: z.enum(MAINTAINED_KINDS),
  applied: z.boolean(),
  source: z.string(),
  counts: z.object({ rows: z.number().int(), added: z.number().int(), changed: z.number().int(), withdrawn: z.number().int(), unchanged: z.number().int() }),
  added: z.array(z.string()),
  changed: z.array(z.string()),
  withdrawn: z.array(z.string()),
  /** Each problem as an i18n key (referenceLists.problem.<key>) with the value it names. */
  errors: z.array(z.object({ row: z.number().int(), key: z.string(), value: z.string() })),
});
export type ReferenceImportReport = z.infer<typeof ReferenceImportReport>;
export const ReferenceImportBody = ReferenceImportReport.extend({ protocol: z.literal(PROTOCOL_VERSION) });

export const UnmatchedBanksBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), names: z.array(z.object({ name: z.string(), steps: z.number().int() })) });
