import { z } from 'zod';
import { COUNTY_CODES } from '../domain/divisions';
import { FirmId, FirmSummary } from '../domain/firm';
import { VISIT_KINDS, VisitId } from '../domain/visit';

/**
 * The wire contract between the laptop's sync engine and the central server.
 * Every success body carries `protocol`, so a captive portal's HTML page or a
 * truncated body can never be mistaken for success.
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-xunlian-protocol';
export const MAX_PUSH_BATCH = 500;

/** A public key the server hands out, signed with its receipt key (shared/api/server-keys.ts). */
export const SignedServerKey = z.strictObject({ publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/), signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/) });
export type SignedServerKey = z.infer<typeof SignedServerKey>;
/** The transfer key USB files are sealed to; the bureau's recovery key (null where the bureau set none). */
export const ServerKeys = z.object({ transfer: SignedServerKey, recovery: SignedServerKey.nullable() });
export type ServerKeys = z.infer<typeof ServerKeys>;

export const HealthBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  status: z.literal('ok'),
  time: z.string(),
  /** The bureau's idle-lock minutes (not a secret): laptops pick a changed policy up at their next sync. */
  idleLockMinutes: z.number().int().min(0).max(1440).optional(),
  /** Absent from servers before encryption at rest. */
  serverKeys: ServerKeys.optional(),
});

export const PushedVisit = z
  .strictObject({
  id: VisitId,
  revision: z.number().int().positive(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Null for an event (活动): it is placed by the county in its answers, and names its firms there. */
  firmId: FirmId.nullable(),
  kind: z.enum(VISIT_KINDS),
  officer: z.string().min(1).max(100),
  completedAt: z.iso.datetime(),
  /** The firm as the laptop knew it: the server scopes visits by its county. */
  firm: z.strictObject({ name: z.string().min(1).max(100), creditCode: z.string().max(18), countyCode: z.enum(COUNTY_CODES) }).nullable(),
  answers: z.record(z.string(), z.unknown()),
  /** The files that belong to this revision; the server counts the visit complete once it holds them all. */
  attachments: z.array(z.strictObject({ id: z.uuid(), fileName: z.string().min(1).max(200), size: z.number().int().min(0).max(50 * 1024 * 1024), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(50),
  })
  .superRefine((v, ctx) => {
    // A visit names one firm; an event names none here (its firms are in its answers).
    const isEvent = v.kind === 'event';
    if (isEvent !== (v.firmId === null)) ctx.addIssue({ code: 'custom', path: ['firmId'], message: isEvent ? 'validation.eventHasNoFirm' : 'validation.required' });
    if (isEvent !== (v.firm === null)) ctx.addIssue({ code: 'custom', path: ['firm'], message: isEvent ? 'validation.eventHasNoFirm' : 'validation.required' });
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
  firmId: z.string().nullable(),
  kind: z.string(),
  officer: z.string(),
  completedAt: z.string(),
  receivedAt: z.string(),
  answers: z.record(z.string(), z.unknown()),
  firm: z.record(z.string(), z.unknown()).nullable(),
  /** True once every attachment of the revision has arrived whole. */
  complete: z.boolean(),
});
export const VisitListBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  total: z.number().int(),
  visits: z.array(ServerVisit),
});

export const SignInRequest = z.strictObject({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
  deviceName: z.string().min(1).max(100),
  /** The device's Ed25519 public key (base64url, 32 bytes): it signs this laptop's transfer files. */
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  /** The second factor, when the account has one: a 6-digit code from the authenticator app, or a recovery code. */
  otp: z.string().trim().min(1).max(20).optional(),
});
export const AccountInfo = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['officer', 'supervisor', 'admin', 'auditor']),
  countyScope: z.array(z.string()).nullable(),
});
export type AccountInfo = z.infer<typeof AccountInfo>;
export const SignInBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  token: z.string().min(20),
  deviceId: z.string(),
  account: AccountInfo,
  /** The server's Ed25519 public key: receipts of transfer files are checked against it. */
  serverPublicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** A device unused for this many days must sign in again. */
  tokenIdleDays: z.number().int().positive(),
  /** Set when the account must choose a new password before anything else (a new account, a reset, an expired password). */
  passwordChange: z.enum(['first', 'reset', 'expired']).nullable().optional(),
  /** Minutes the laptop may sit idle before it locks (0 = never); absent from servers before the idle lock. */
  idleLockMinutes: z.number().int().min(0).max(1440).optional(),
  /** Set when the account's role must use a second factor it has not enrolled yet: enrolment comes first. */
  totpEnrolment: z.boolean().optional(),
});

/** Enrolling a second factor: the secret to scan (as a QR code of `uri`), then a code it makes to confirm. */
export const TotpStartBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), secret: z.string().min(16), uri: z.string().startsWith('otpauth://totp/') });
export const TotpConfirmRequest = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/) });
export const TotpConfirmBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), recoveryCodes: z.array(z.string()).min(1) });

/** The user changes their own password, online (POST /api/v1/account/password). */
export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(400),
});
export const ChangePasswordBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  changed: z.literal(true),
  idleLockMinutes: z.number().int().min(0).max(1440),
});

/** A firm as the directory hands it out: the laptop's firm record without its local fields. */
/** The officer a firm's directory record names (包联, issue 30): username, name, and the day it began. */
export const FirmOfficer = z.object({ username: z.string(), name: z.string(), since: z.string() });
export type FirmOfficer = z.infer<typeof FirmOfficer>;

/** One change of a firm's officer: from `since` (the bureau's day) the firm is `username`'s (null: nobody's). */
export const FirmOfficerPeriod = z.object({ username: z.string().nullable(), name: z.string().nullable(), since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
export type FirmOfficerPeriod = z.infer<typeof FirmOfficerPeriod>;

export const DirectoryFirm = FirmSummary.omit({ lastVisitAt: true, openProblems: true }).extend({
  contacts: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string() })),
  certifications: z.array(z.object({ id: z.string(), product: z.string(), starLevel: z.number().int().min(1).max(3), certificateNo: z.string(), validUntil: z.string(), sourceVisitId: z.string().nullish() })),
  deleted: z.boolean().optional(),
  /** 'proposed' while a firm found in the field waits for a supervisor's acceptance. */
  registerStatus: z.enum(['registered', 'proposed']).optional(),
  /** The register version of this record: the base of the laptop's next edit. */
  version: z.string().regex(/^\d+$/).optional(),
  /** Its responsible officer (null: none yet); absent from servers before issue 30. */
  officer: FirmOfficer.nullable().optional(),
  /** The day of its latest visit by anyone the server has (absent from servers before issue 30). */
  lastVisitDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
  /** Every change of its officer, oldest first: the summary's coverage counts with the officer in force at the period's end. */
  officerPeriods: z.array(FirmOfficerPeriod).max(500).optional(),
});
export type DirectoryFirm = z.infer<typeof DirectoryFirm>;
export const REFERENCE_KINDS = ['green_product', 'policy', 'department', 'eliminated_product', 'bank', 'visit_cadence', 'work_calendar', 'demand_limits'] as const;
/**
 * A reference item. `kind` is read as any string so a laptop skips a list a newer server
 * adds instead of failing the whole pull; `detail` carries what a list needs beyond a name
 * (an eliminated-products entry: status, source, date, keywords).
 */
export const DirectoryReference = z.object({ kind: z.string(), code: z.string(), name: z.string(), group: z.string(), sort: z.number().int(), active: z.boolean(), detail: z.unknown().optional() });
export type DirectoryReference = z.infer<typeof DirectoryReference>;

/** Changes since `cursor`; `more` says another page follows. Cursors are opaque decimal strings. */
export const DirectoryBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  cursor: z.string().regex(/^\d+$/),
  more: z.boolean(),
  firms: z.array(DirectoryFirm),
  reference: z.array(DirectoryReference),
});
export type DirectoryBody = z.infer<typeof DirectoryBody>;

/** Declares an attachment before its bytes are sent; `received` tells where to resume. */
export const AttachmentStatusBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), id: z.string(), size: z.number().int(), received: z.number().int(), complete: z.boolean() });
export type AttachmentStatusBody = z.infer<typeof AttachmentStatusBody>;
export const ATTACHMENT_CHUNK = 256 * 1024;

/** Supervisors' incremental pull of the visits of their scope. */
export const VisitChangesBody = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  cursor: z.string().regex(/^\d+$/),
  more: z.boolean(),
  visits: z.array(ServerVisit),
});
export type VisitChangesBody = z.infer<typeof VisitChangesBody>;
