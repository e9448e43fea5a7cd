import { z } from 'zod';
import { FirmId } from '../domain/firm';
import { VISIT_KINDS, VisitId } from '../domain/visit';

/**
 * The wire contract between the laptop's sync engine and the central server.
 * Every success body carries `protocol`, so a captive portal's HTML page or a
 * truncated body can never be mistaken for success.
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-xunlian-protocol';
export const MAX_PUSH_BATCH = 500;

export const HealthBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  status: z.literal('ok'),
  time: z.string(),
});

export const PushedVisit = z.strictObject({
  id: VisitId,
  revision: z.number().int().positive(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  firmId: FirmId,
  kind: z.enum(VISIT_KINDS),
  officer: z.string().min(1).max(100),
  completedAt: z.iso.datetime(),
  answers: z.record(z.string(), z.unknown()),
});
export type PushedVisit = z.infer<typeof PushedVisit>;

/** The fields the content hash covers: everything but the hash itself. */
export function hashedPart(v: PushedVisit): Omit<PushedVisit, 'contentHash'> {
  const { contentHash: _ignored, ...rest } = v;
  return rest;
}

/** Items stay `unknown` in the envelope so one malformed item is rejected alone. */
export const PushRequest = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  visits: z.array(z.unknown()).min(1).max(MAX_PUSH_BATCH),
});

export const PUSH_STATUSES = ['created', 'duplicate', 'conflict', 'rejected'] as const;
export const PushItemResult = z.object({
  id: z.string(),
  revision: z.number().int(),
  status: z.enum(PUSH_STATUSES),
  reasons: z.array(z.string()).optional(),
});
export type PushItemResult = z.infer<typeof PushItemResult>;

export const PushResponse = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  results: z.array(PushItemResult),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const ServerVisit = z.object({
  id: z.string(),
  revision: z.number().int(),
  contentHash: z.string(),
  firmId: z.string(),
  kind: z.string(),
  officer: z.string(),
  completedAt: z.string(),
  receivedAt: z.string(),
  answers: z.record(z.string(), z.unknown()),
});
export const VisitListBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  total: z.number().int(),
  visits: z.array(ServerVisit),
});
