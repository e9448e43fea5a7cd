import { z } from 'zod';
import { Firm, FirmId, FirmSummary } from '../domain/firm';
import { DiagnosisDraftAnswers, SYNC_STATES, VISIT_KINDS, VISIT_STATUSES, Visit, VisitId, VisitSummary } from '../domain/visit';

/**
 * Every method the renderer may call, defined once: name, input schema, output
 * schema. The main process validates inputs against this table (both transports
 * dispatch through it) and the renderer's client is typed from it.
 */
const NoInput = z.strictObject({}).optional();

export const SyncStatus = z.object({
  state: z.enum(['idle', 'offline', 'sending', 'attention']),
  waiting: z.number().int(),
  attention: z.number().int(),
  sending: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  lastSyncedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  serverUrl: z.string(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const ExportOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), path: z.string(), rows: z.number().int() }),
  z.object({ status: z.literal('download'), url: z.string(), fileName: z.string(), rows: z.number().int() }),
  z.object({ status: z.literal('cancelled') }),
]);
export type ExportOutcome = z.infer<typeof ExportOutcome>;

export const contract = {
  'firms.search': {
    input: z.strictObject({
      query: z.string().max(100).optional(),
      limit: z.number().int().min(1).max(200).optional(),
      offset: z.number().int().min(0).max(1_000_000).optional(),
    }),
    output: z.object({ items: z.array(FirmSummary), total: z.number().int() }),
  },
  'firms.get': {
    input: z.strictObject({ id: FirmId }),
    output: Firm,
  },
  'visits.saveDraft': {
    input: z.strictObject({
      id: VisitId.optional(),
      firmId: FirmId,
      kind: z.enum(VISIT_KINDS),
      answers: DiagnosisDraftAnswers,
      uiState: z.strictObject({ section: z.string().max(40).optional() }).optional(),
    }),
    output: z.object({ id: VisitId, savedAt: z.string() }),
  },
  'visits.complete': {
    input: z.strictObject({ id: VisitId, answers: DiagnosisDraftAnswers }),
    output: Visit,
  },
  'visits.get': {
    input: z.strictObject({ id: VisitId }),
    output: Visit.extend({ uiState: z.object({ section: z.string().optional() }) }),
  },
  'visits.list': {
    input: z.strictObject({
      status: z.enum(VISIT_STATUSES).optional(),
      syncState: z.enum(SYNC_STATES).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
    }),
    output: z.object({ items: z.array(VisitSummary), total: z.number().int() }),
  },
  'sync.status': { input: NoInput, output: SyncStatus },
  'sync.now': { input: NoInput, output: SyncStatus },
  'exports.visitsCsv': { input: NoInput, output: ExportOutcome },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Contract[M]['output']>;

/** Events the main process pushes to the renderer through `on`. */
export interface EventMap {
  'sync.status': SyncStatus;
  'visits.changed': { ids: string[] };
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['sync.status', 'visits.changed'];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
