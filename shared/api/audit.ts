import { z } from 'zod';
import { PROTOCOL_VERSION } from './sync-protocol';

/**
 * The audit log's vocabulary (issue 28): what the server records of itself, and what a
 * laptop records and sends with its sync. One list, so the server, the laptops, the
 * auditor's filter and the i18n catalogues (audit.action.<key>) name the same actions.
 */
export const SERVER_AUDIT_ACTIONS = [
  'session.signIn',
  'session.signInFailed',
  'session.lockedOut',
  'session.signOut',
  'password.changed',
  'password.reset',
  'totp.reset',
  'account.created',
  'account.disabled',
  'account.enabled',
  'account.roleChanged',
  'account.scopeChanged',
  'account.unlocked',
  'device.revoked',
  'register.imported',
  'firm.accepted',
  'firm.rejected',
  'firm.assigned',
  'cadence.changed',
  'visit.reviewed',
  'demand.extended',
  'demand.supervised',
  'demand.closed',
  'calendar.imported',
  'demandLimits.changed',
  'firm.merged',
  'firm.conflictSettled',
  'tier.requested',
  'tier.changed',
  'tier.decided',
  'reference.changed',
  'eliminated.changed',
  'release.published',
  'server.backup',
  'server.restore',
  'audit.archived',
  'transfer.imported',
  'visits.pushed',
  'visits.pulled',
  'attachment.downloaded',
  'audit.read',
  'audit.exported',
  'metrics.read',
  'access.refused',
] as const;

/** What happens on a laptop that the bureau must be able to trace: files leaving the app. */
export const LAPTOP_AUDIT_ACTIONS = [
  'export.visitsCsv',
  'export.summaryXlsx',
  'export.summaryCsv',
  'export.report',
  'export.handbook',
  'export.keyFirms',
  'export.diagnostics',
  'backup.outside',
  'transfer.exported',
  /** A contact's full phone number shown on the firm page (issue 32): a deliberate click. */
  'contact.revealed',
] as const;

export type ServerAuditAction = (typeof SERVER_AUDIT_ACTIONS)[number];
export type LaptopAuditAction = (typeof LAPTOP_AUDIT_ACTIONS)[number];
export type AuditAction = ServerAuditAction | LaptopAuditAction;
export const AUDIT_ACTIONS: readonly AuditAction[] = [...SERVER_AUDIT_ACTIONS, ...LAPTOP_AUDIT_ACTIONS];

/** Detail values are small and plain: counts, flags, codes, file names — never answers, passwords or tokens. */
const DetailValue = z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null(), z.array(z.string().max(40)).max(20)]);
/** Names a detail must never carry: a slip in a new call (or a laptop's claim) is refused here, not found in a review. */
export const SECRET_DETAIL_KEY = /pass|token|secret|answer|otp/i;
export const AuditDetail = z
  .record(z.string().regex(/^[a-zA-Z]{1,30}$/), DetailValue)
  .refine((d) => Object.keys(d).length <= 12, { message: 'validation.tooMany' })
  .refine((d) => !Object.keys(d).some((k) => SECRET_DETAIL_KEY.test(k)), { message: 'validation.notAllowed' });
export type AuditDetail = z.infer<typeof AuditDetail>;

/** One event a laptop recorded: its own id (sent again after a lost answer, kept once) and its own time. */
export const LaptopAuditEvent = z.strictObject({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  action: z.enum(LAPTOP_AUDIT_ACTIONS),
  /** The files' subject, where there is one: the counties exported. */
  counties: z.array(z.string().regex(/^\d{6}$/)).max(20).nullable(),
  detail: AuditDetail,
});
export type LaptopAuditEvent = z.infer<typeof LaptopAuditEvent>;
export const MAX_LAPTOP_AUDIT_BATCH = 200;
export const LaptopAuditRequest = z.strictObject({ events: z.array(LaptopAuditEvent).min(1).max(MAX_LAPTOP_AUDIT_BATCH) });
export const LaptopAuditBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), accepted: z.array(z.uuid()) });

/** The auditor's filter: a time range (required, at most a year), and optionally who, what, where and how it ended. */
export const AuditQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  username: z.string().trim().min(1).max(40).optional(),
  action: z.enum(AUDIT_ACTIONS as unknown as [AuditAction, ...AuditAction[]]).optional(),
  county: z.string().regex(/^\d{6}$/).optional(),
  outcome: z.enum(['done', 'refused']).optional(),
  /** Rows after this id (newest first: rows with a smaller id). */
  before: z.string().regex(/^\d{1,19}$/).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditRow = z.object({
  id: z.string(),
  at: z.string(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  deviceId: z.string().nullable(),
  address: z.string().nullable(),
  action: z.string(),
  object: z.string().nullable(),
  counties: z.array(z.string()).nullable(),
  outcome: z.enum(['done', 'refused']),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  laptopAt: z.string().nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;
export const AUDIT_PAGE = 200;
export const AuditPageBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), rows: z.array(AuditRow), more: z.boolean() });
export type AuditPage = Omit<z.infer<typeof AuditPageBody>, 'protocol'>;
