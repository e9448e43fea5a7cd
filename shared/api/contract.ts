import { EliminatedEntry } from '../reference/eliminated-products';
import { CERTIFICATE_WARNING_DAYS, ExpiringCertificates } from '../domain/certificates';
import { FinancingCase } from '../domain/financing';
import { z } from 'zod';
import { answersSchema } from '../domain/answers';
import { KeyFirmList, KeyFirmQuery, ReviewBody, TierChange, TierField } from './key-firms';
import { QueuedDecisionView, ReceivedDecision } from './decisions';

/** What the review screen shows of a decision while it waits: the firm and the request. */
const DecisionLabel = z.string().trim().min(1).max(200);
import { AppInfo, BackupEntry, BackupInspection, BackupList, BackupName, PROFILES, RestoreOutcome, UpdateStatus } from './care';
import { RegisterReport } from './register';
import { AccountChangeRequest, AccountSummary, CreateAccountRequest } from './accounts';
import { AuditQuery, AuditRow } from './audit';
import { MAINTAINED_KINDS, ReferenceImportReport, ReferenceListItem } from './reference-lists';
import { AssignableOfficer, AssignmentImportReport, AssignmentStep, AssignRequest, FirmOfficer } from './assignments';
import { Cadence } from '../domain/cadence';
import { REVIEW_STATES, REVIEW_VERDICTS } from '../domain/review';
import { COUNTY_CODES } from '../domain/divisions';
import { IsoDate } from '../domain/answers/fields';
import { serverUrlProblem } from './server-url';
import { AccountInfo } from './sync-protocol';
import { Firm, FirmFilter, FirmId, FirmInput, FirmSummary } from '../domain/firm';
import { PROBLEM_CATEGORIES, ProblemRecord, ProblemWithTrail } from '../domain/problem';
import { CalendarImportReport, LimitsSetting } from './demands';
import { MAX_RESOLVE_DAYS } from '../domain/demand/deadlines';
import { Handbook, HandbookOptions } from '../domain/handbook';
import { Report, Summary, SummaryFilter, SUMMARY_TABLES } from '../domain/summary';
import { issueToKey } from '../domain/validation-keys';
import { FirmEvent } from '../domain/events';
import { AnswersRecord, SYNC_STATES, VISIT_KINDS, VISIT_STATUSES, Visit, VisitId, VisitRevision, VisitSummary } from '../domain/visit';

/**
 * Every method the renderer may call, defined once: name, input schema, output
 * schema. The main process validates inputs against this table (both transports
 * dispatch through it) and the renderer's client is typed from it.
 */
const NoInput = z.strictObject({}).optional();

/** The visit list's filter and page (the supervisor's bulk 通过 takes the same filter, every page). */
const VisitListInput = z.strictObject({
      status: z.enum(VISIT_STATUSES).optional(),
      syncState: z.enum(SYNC_STATES).optional(),
      kind: z.enum(VISIT_KINDS).optional(),
      firmId: FirmId.optional(),
      /** The supervisor's questions: who (officer), where (county), which firm (part of its name or credit code, or an event's title), when (visit date range). */
      officer: z.string().trim().min(1).max(100).optional(),
      countyCode: z.enum(COUNTY_CODES).optional(),
      query: z.string().trim().min(1).max(100).optional(),
      review: z.enum(REVIEW_STATES).optional(),
      from: IsoDate.optional(),
      to: IsoDate.optional(),
      limit: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
});


/** A firm this officer answers for, with when it is next due (shared/domain/cadence.ts). */
const VisitReviewView = z.object({
  id: z.string(),
  revision: z.number().int(),
  verdict: z.enum(REVIEW_VERDICTS),
  comment: z.string().nullable(),
  reviewer: z.string(),
  reviewedAt: z.string(),
  receivedAt: z.string().nullable(),
  replaced: z.object({ by: z.string(), at: z.string(), outcome: z.string() }).nullable(),
  waiting: z.boolean(),
});

const AssignedFirm = z.object({
  id: z.string(),
  name: z.string(),
  countyCode: z.enum(COUNTY_CODES),
  keyTier: z.enum(['none', 'cultivated', 'key']),
  lastVisitDate: z.string().nullable(),
  since: z.string(),
  openProblems: z.number().int(),
  dueDate: z.string(),
  state: z.enum(['overdue', 'dueSoon', 'onTrack']),
  daysLeft: z.number().int(),
  daysSinceVisit: z.number().int().nullable(),
});

/**
 * Why the last sync attempt failed, as a code the UI translates (sync.problem.*):
 * the connection failed, no answer in time, a captive portal answered, the answer was
 * cut short or unreadable, the server failed or is busy, or something a person must do.
 */
export const SYNC_PROBLEMS = ['network', 'timeout', 'captivePortal', 'badAnswer', 'server', 'busy', 'signInAgain', 'noScope', 'forbidden'] as const;
export type SyncProblem = (typeof SYNC_PROBLEMS)[number];

export const SyncStatus = z.object({
  /**
   * idle: the last attempt succeeded (visits may wait for the next one); offline: the
   * server could not be reached more than once in a row; problem: the last attempt
   * failed otherwise (see `problem`); attention: visits need the officer.
   */
  state: z.enum(['idle', 'offline', 'problem', 'sending', 'receiving', 'attention', 'signedOut']),
  waiting: z.number().int(),
  attention: z.number().int(),
  sending: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  /** Visits received so far by a supervisor's running pull (the total is not known in advance). */
  receiving: z.number().int().nullable(),
  /** Since when a request has been waiting for the server's answer (set after a couple of seconds). */
  waitingForServerSince: z.string().nullable(),
  /** When a sync attempt last succeeded. */
  lastSyncedAt: z.string().nullable(),
  /** Technical detail of the last failure, for the log and diagnostics: never shown on screen. */
  lastError: z.string().nullable(),
  /** Why the last attempt failed, translated by the UI; null once an attempt succeeds. */
  problem: z.enum(SYNC_PROBLEMS).nullable(),
  /** When the next attempt is due, while anything waits or the last attempt failed. */
  nextAttemptAt: z.string().nullable(),
  serverUrl: z.string(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const ExportOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), path: z.string(), rows: z.number().int().optional() }),
  z.object({ status: z.literal('download'), url: z.string(), fileName: z.string(), rows: z.number().int().optional() }),
  z.object({ status: z.literal('cancelled') }),
  z.object({ status: z.literal('opened'), path: z.string() }),
]);
export type ExportOutcome = z.infer<typeof ExportOutcome>;

const VisitInputBase = z.strictObject({
  id: VisitId.optional(),
  /** Null for an event (活动), which names its firms in its answers. */
  firmId: FirmId.nullable(),
  kind: z.enum(VISIT_KINDS),
  answers: AnswersRecord,
  uiState: z.strictObject({ section: z.string().max(40).optional() }).optional(),
});

/** Draft answers are checked against the draft schema of the visit's own kind. */
const SaveDraftInput = VisitInputBase.superRefine((input, ctx) => {
  if ((input.kind === 'event') !== (input.firmId === null)) ctx.addIssue({ code: 'custom', path: ['firmId'], message: input.kind === 'event' ? 'validation.eventHasNoFirm' : 'validation.required' });
  const result = answersSchema(input.kind, 'draft').safeParse(input.answers, { error: issueToKey });
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: ['answers', ...issue.path], message: issue.message });
});

const ReferenceKind = z.enum(['green_product', 'policy', 'department', 'bank']);
const ReferenceItem = z.object({ code: z.string(), name: z.string(), group: z.string(), aliases: z.array(z.string()).optional() });
const Attachment = z.object({ id: z.string(), fileName: z.string(), size: z.number().int(), sha256: z.string(), createdAt: z.string() });
export type Attachment = z.infer<typeof Attachment>;

const AccountStatusOut = z.object({
  signedIn: z.boolean(),
  account: AccountInfo.nullable(),
  serverUrl: z.string(),
  /** Where the device token and signing key are kept: the OS keychain, or a user-only file (the browser shell; a desktop without a keychain). */
  tokenStorage: z.enum(['safeStorage', 'file', 'fileNoKeychain']),
  /** Without contact with the server until then, this laptop must sign in again. */
  signInAgainBy: z.string().nullable(),
  /** Why the server asks for a new password before anything else (first sign-in, reset, expired); null when it does not. */
  passwordChange: z.enum(['first', 'reset', 'expired']).nullable(),
  /** The account's role must use a second factor it has not set up yet (after any password change). */
  totpEnrolment: z.boolean(),
});
export type AccountStatus = z.infer<typeof AccountStatusOut>;
const LockStatusOut = z.object({ enabled: z.boolean(), idleMinutes: z.number().int(), locked: z.boolean(), attemptsLeft: z.number().int() });
export type LockStatus = z.infer<typeof LockStatusOut>;
/**
 * Whether the store is open. Where the OS has no keychain the store's key is wrapped by the
 * officer's password, and until it is typed at start only these methods answer (issue 32).
 */
const StartupStatusOut = z.object({ state: z.enum(['open', 'password']), username: z.string().nullable(), canRecover: z.boolean() });
export type StartupStatus = z.infer<typeof StartupStatusOut>;

export const contract = {
  'firms.search': { input: FirmFilter, output: z.object({ items: z.array(FirmSummary), total: z.number().int() }) },
  'firms.get': { input: z.strictObject({ id: FirmId }), output: Firm },
  /** A contact's full phone number (masked everywhere by default; the reveal is audited, issue 32). */
  'firms.revealContact': { input: z.strictObject({ firmId: FirmId, index: z.number().int().min(0).max(50) }), output: z.object({ phone: z.string() }) },
  'firms.save': { input: FirmInput, output: Firm },
  'reference.list': { input: z.strictObject({ kind: ReferenceKind }), output: z.array(ReferenceItem) },
  /** The eliminated-products list with each entry's status, source and keywords. */
  'reference.eliminated': { input: NoInput, output: z.array(EliminatedEntry) },
  /** Certificates of the laptop's firms expiring within the officer's warning window, or expired within it. */
  'certificates.expiring': { input: NoInput, output: ExpiringCertificates },
  'certificates.setWarningDays': { input: z.strictObject({ days: z.union(CERTIFICATE_WARNING_DAYS.map((d) => z.literal(d))) }), output: ExpiringCertificates },
  'visits.saveDraft': { input: SaveDraftInput, output: z.object({ id: VisitId, revision: z.number().int(), savedAt: z.string() }) },
  'visits.complete': { input: z.strictObject({ id: VisitId, answers: AnswersRecord }), output: Visit },
  'visits.amend': { input: z.strictObject({ id: VisitId }), output: Visit },
  /** Throws away a draft never completed (one started by mistake), with its attachments; a completed visit is never discarded. */
  'visits.discardDraft': { input: z.strictObject({ id: VisitId }), output: z.object({ discarded: z.boolean() }) },
  'visits.get': {
    input: z.strictObject({ id: VisitId }),
    output: Visit.extend({ uiState: z.object({ section: z.string().optional() }), revisions: z.array(VisitRevision), attachments: z.array(Attachment) }),
  },
  'visits.list': {
    input: VisitListInput,
    output: z.object({ items: z.array(VisitSummary), total: z.number().int() }),
  },
  /** The officers whose visits this laptop holds (a supervisor's filter). */
  'visits.officers': { input: NoInput, output: z.array(z.string()) },
  'problems.list': {
    input: z.strictObject({
      firmId: FirmId.optional(),
      openOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).max(1_000_000).optional(),
    }),
    output: z.object({ items: z.array(ProblemRecord), total: z.number().int() }),
  },
  'problems.get': { input: z.strictObject({ id: z.string().min(1).max(64) }), output: ProblemWithTrail },
  /** The events (活动) a firm was invited to, newest first, with whether it came. */
  'firms.events': { input: z.strictObject({ firmId: FirmId }), output: z.array(FirmEvent) },
  /** A firm's financing cases: each diagnosis need and where it stands with each bank. */
  'financing.cases': { input: z.strictObject({ firmId: FirmId }), output: z.array(FinancingCase) },
  'attachments.pick': { input: z.strictObject({ visitId: VisitId }), output: z.array(Attachment) },
  'attachments.open': { input: z.strictObject({ id: z.string().min(1).max(64) }), output: ExportOutcome },
  'attachments.remove': { input: z.strictObject({ id: z.string().min(1).max(64) }), output: z.object({ removed: z.boolean() }) },
  'account.status': { input: NoInput, output: AccountStatusOut },
  'account.signIn': {
    input: z
      .strictObject({
        serverUrl: z.url({ protocol: /^https?$/ }).max(200),
        username: z.string().trim().min(1).max(40),
        password: z.string().min(1).max(200),
        /** The second factor, when the server asked for it: the app's 6 digits or a recovery code. */
        otp: z.string().trim().min(1).max(20).optional(),
      })
      .superRefine((input, ctx) => {
        const problem = serverUrlProblem(input.serverUrl);
        if (problem) ctx.addIssue({ code: 'custom', path: ['serverUrl'], message: problem });
      }),
    output: AccountStatusOut,
  },
  'account.signOut': { input: NoInput, output: AccountStatusOut },
  /** The signed-in user chooses a new password, online; the rules are in shared/domain/passwords/policy.ts. */
  'account.changePassword': { input: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(400) }), output: AccountStatusOut },
  /** The idle lock: whether it is on here and engaged; the renderer engages it after the bureau's idle minutes. */
  /** Setting up the second factor, online: a QR code (and the secret, to type) for the authenticator app… */
  'account.totpStart': { input: NoInput, output: z.object({ secret: z.string(), qr: z.string().startsWith('data:image/png;base64,') }) },
  /** …then a code it makes: the recovery codes come back once. */
  'account.totpConfirm': { input: z.strictObject({ code: z.string().trim().regex(/^\d{6}$/) }), output: z.object({ recoveryCodes: z.array(z.string()), status: AccountStatusOut }) },
  'startup.status': { input: NoInput, output: StartupStatusOut },
  /** The password that wraps the store's key; a wrong one changes nothing (VALIDATION on password). */
  'startup.unlock': { input: z.strictObject({ password: z.string().min(1).max(200) }), output: StartupStatusOut },
  /** A forgotten password: an administrator opens the store with the bureau's recovery file (picked in a dialog). */
  'startup.recover': { input: NoInput, output: StartupStatusOut },
  'lock.status': { input: NoInput, output: LockStatusOut },
  'lock.engage': { input: NoInput, output: LockStatusOut },
  /** The account's password, checked offline; the fifth wrong one signs the account out (signedOut), its data kept. */
  'lock.unlock': { input: z.strictObject({ password: z.string().min(1).max(200) }), output: LockStatusOut.extend({ signedOut: z.boolean() }) },
  'transfer.export': { input: NoInput, output: ExportOutcome },
  'transfer.importReceipt': { input: z.strictObject({ receipt: z.string().min(1).max(3_000_000) }), output: z.object({ synced: z.number().int(), attention: z.number().int() }) },
  'summary.get': { input: SummaryFilter, output: Summary },
  'report.get': { input: SummaryFilter, output: Report },
  'exports.summaryXlsx': { input: z.strictObject({ filter: SummaryFilter, jobId: z.uuid() }), output: ExportOutcome },
  'exports.summaryCsv': { input: z.strictObject({ filter: SummaryFilter, table: z.enum(SUMMARY_TABLES), jobId: z.uuid() }), output: ExportOutcome },
  'exports.reportPdf': { input: z.strictObject({ filter: SummaryFilter, route: z.string().regex(/^#\/report\/[A-Za-z0-9_-]{1,4000}$/) }), output: ExportOutcome },
  'exports.cancel': { input: z.strictObject({ jobId: z.uuid() }), output: z.object({ cancelled: z.boolean() }) },
  'sync.status': { input: NoInput, output: SyncStatus },
  'sync.now': { input: NoInput, output: SyncStatus },
  'sync.retry': { input: z.strictObject({ visitId: VisitId }), output: SyncStatus },
  'exports.visitsCsv': { input: NoInput, output: ExportOutcome },
  /** The bureau's register: an administrator's dry run (apply: false) or import of an XLSX/CSV list, done by the server. */
  'register.import': {
    input: z.strictObject({ fileName: z.string().trim().min(1).max(200), contentBase64: z.base64().min(4).max(4_000_000), apply: z.boolean() }),
    output: RegisterReport,
  },
  'register.template': { input: NoInput, output: ExportOutcome },
  /**
   * What waits for a supervisor or administrator: proposed firms, conflicts, tier requests — from
   * the server, or offline the copy last read (`asOf`), without those a queued decision settles.
   */
  'review.list': { input: NoInput, output: ReviewBody.omit({ protocol: true }).extend({ asOf: z.string().nullable() }) },
  /** Decisions are queued (offline too) and sent at once when online; the answer, or that it waits, comes back. */
  'review.acceptFirm': { input: z.strictObject({ firmId: FirmId, label: DecisionLabel }), output: QueuedDecisionView },
  /** A proposed firm left out of the register says why (2–200 characters): the officer who proposed it reads it. */
  'review.rejectFirm': { input: z.strictObject({ firmId: FirmId, note: z.string().trim().min(2).max(200), label: DecisionLabel }), output: QueuedDecisionView },
  'review.resolveConflict': { input: z.strictObject({ id: z.string().regex(/^\d{1,18}$/), keep: z.enum(['register', 'proposed']), label: DecisionLabel }), output: QueuedDecisionView },
  /** A decline says why (2–200 characters): the officer who asked reads it on the firm's page. */
  'review.decideTier': {
    input: z
      .strictObject({ id: z.string().regex(/^\d{1,18}$/), accept: z.boolean(), note: z.string().trim().max(200).optional(), label: DecisionLabel })
      .refine((d) => d.accept || (d.note !== undefined && d.note.length >= 2), { path: ['note'], message: 'validation.declineReason' }),
    output: QueuedDecisionView,
  },
  /** The decisions queued on this laptop: waiting, done, refused (with why), or replaced by a later one. */
  'review.queued': { input: NoInput, output: z.array(QueuedDecisionView) },
  /** "Send again": a decision set aside (refused, or one the server kept failing on) is queued and sent once more. */
  'review.resend': { input: z.strictObject({ id: z.uuid() }), output: QueuedDecisionView },
  /** Decisions received about a firm (a tier request declined and why), newest first. */
  'firms.decisions': { input: z.strictObject({ firmId: FirmId }), output: z.array(ReceivedDecision) },
  /** A change of a firm's key-firm tier or 专精特新 level: an officer's request, a supervisor's decision. */
  'firms.requestTier': { input: z.strictObject({ firmId: FirmId, field: TierField, to: z.string().max(20), reason: z.string().trim().min(2).max(500), label: DecisionLabel }), output: QueuedDecisionView },
  'firms.tierHistory': { input: z.strictObject({ firmId: FirmId }), output: z.array(TierChange) },
  /** The key-firm list as of a day and its changes over a period (supervisors and admins, online), and its CSV. */
  'keyFirms.list': { input: KeyFirmQuery, output: KeyFirmList },
  /** 《企业手册》 from this laptop's copy of the register: its data, the A4 PDF (desktop), the workbook. */
  'handbook.get': { input: HandbookOptions, output: Handbook },
  'exports.handbookPdf': { input: z.strictObject({ route: z.string().regex(/^#\/handbook\/[A-Za-z0-9_-]{1,400}$/) }), output: ExportOutcome },
  'exports.handbookXlsx': { input: HandbookOptions, output: ExportOutcome },
  'keyFirms.exportCsv': { input: KeyFirmQuery, output: ExportOutcome },
  // Administrators' accounts screen and auditors' audit log: online, through the server's own rules.
  'accounts.list': { input: NoInput, output: z.array(AccountSummary) },
  'accounts.create': { input: CreateAccountRequest, output: z.object({ created: z.string() }) },
  'accounts.change': { input: z.strictObject({ username: z.string().regex(/^[a-z0-9._-]{2,40}$/i), request: AccountChangeRequest }), output: z.object({ changed: z.string() }) },
  'audit.query': { input: AuditQuery, output: z.object({ rows: z.array(AuditRow), more: z.boolean() }) },
  'audit.exportCsv': { input: AuditQuery, output: ExportOutcome },
  // The reference lists administrators keep (banks, departments), online.
  'referenceLists.list': { input: z.strictObject({ kind: z.enum(MAINTAINED_KINDS) }), output: z.array(ReferenceListItem) },
  'referenceLists.import': {
    input: z.strictObject({ kind: z.enum(MAINTAINED_KINDS), contentBase64: z.base64().min(4).max(2_800_000), apply: z.boolean(), source: z.string().trim().max(200) }),
    output: ReferenceImportReport,
  },
  // 包联 (issue 30): the firms this officer answers for and when each is due; a firm's officer and
  // its history; assigning (supervisors, admins, online); the assignment list import and the cadence (admins).
  'assignments.mine': { input: NoInput, output: z.object({ items: z.array(AssignedFirm), cadence: Cadence, username: z.string().nullable() }) },
  'firms.officer': { input: z.strictObject({ firmId: FirmId }), output: z.object({ officer: FirmOfficer.nullable(), history: z.array(AssignmentStep).nullable() }) },
  'assignments.officers': { input: NoInput, output: z.array(AssignableOfficer) },
  'assignments.assign': { input: AssignRequest, output: z.object({ changed: z.number().int(), unchanged: z.number().int() }) },
  'assignments.import': {
    input: z.strictObject({ fileName: z.string().trim().min(1).max(200), contentBase64: z.base64().min(4).max(5_600_000), apply: z.boolean() }),
    output: AssignmentImportReport,
  },
  'cadence.get': { input: NoInput, output: Cadence },
  'cadence.set': { input: Cadence, output: Cadence },
  // 审核 (issue 30): a visit's reviews and state; a supervisor's review (queued, sent at once when
  // online); 通过 for every visit a filter lists that still waits for review; the officer's returned visits.
  'reviews.of': { input: z.strictObject({ visitId: VisitId }), output: z.object({ state: z.enum(REVIEW_STATES).nullable(), revision: z.number().int().nullable(), reviews: z.array(VisitReviewView) }) },
  'reviews.review': {
    input: z
      .strictObject({ visitId: VisitId, verdict: z.enum(REVIEW_VERDICTS), comment: z.string().trim().max(500), label: DecisionLabel })
      .refine((r) => r.verdict === 'pass' || r.comment.length >= 2, { path: ['comment'], message: 'validation.reviewComment' }),
    output: QueuedDecisionView,
  },
  'reviews.passAll': { input: z.strictObject({ filter: VisitListInput.omit({ limit: true, offset: true, review: true }), label: DecisionLabel }), output: z.object({ queued: z.number().int(), pending: z.number().int() }) },
  'reviews.toRevise': {
    input: NoInput,
    output: z.array(z.object({ visitId: z.string(), firmName: z.string(), kind: z.string(), visitDate: z.string().nullable(), state: z.enum(['returned', 'queried']), comment: z.string().nullable(), reviewer: z.string(), reviewedAt: z.string() })),
  },
  // Demands (issue 31): the 督办 list (supervisors), the officer's supervised demands, a supervisor's
  // extension / 督办 note / 销号 (queued, sent at once when online), the deadlines and the work calendar.
  'demands.list': {
    input: z.strictObject({
      countyCode: z.string().max(12).optional(),
      department: z.string().max(100).optional(),
      officer: z.string().max(60).optional(),
      category: z.enum(PROBLEM_CATEGORIES).optional(),
      light: z.enum(['red', 'yellow', 'green', 'unhanded', 'toClose']).optional(),
      limit: z.number().int().min(1).max(500),
      offset: z.number().int().min(0).max(1_000_000),
    }),
    output: z.object({ items: z.array(ProblemRecord.extend({ countyCode: z.string() })), total: z.number().int(), counts: z.object({ red: z.number().int(), yellow: z.number().int(), green: z.number().int(), unhanded: z.number().int(), toClose: z.number().int() }) }),
  },
  'demands.supervised': { input: NoInput, output: z.array(ProblemRecord) },
  'demands.decide': {
    input: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('extend'), problemId: z.uuid(), days: z.number().int().min(2).max(MAX_RESOLVE_DAYS), reason: z.string().trim().min(2, 'validation.reasonRequired').max(500), label: DecisionLabel }),
      z.strictObject({ kind: z.literal('supervise'), problemId: z.uuid(), note: z.string().trim().min(2, 'validation.reasonRequired').max(500), label: DecisionLabel }),
      z.strictObject({ kind: z.literal('close'), problemId: z.uuid(), label: DecisionLabel }),
    ]),
    output: QueuedDecisionView,
  },
  'demands.settings': {
    input: NoInput,
    output: z.object({ limits: LimitsSetting, bureauCalendar: z.boolean(), years: z.array(z.number().int()), days: z.array(z.object({ date: z.string(), type: z.enum(['holiday', 'workday']), name: z.string() })) }),
  },
  'demands.setLimits': { input: LimitsSetting, output: LimitsSetting },
  'demands.importCalendar': {
    input: z.strictObject({ fileName: z.string().trim().min(1).max(200), contentBase64: z.base64().min(4).max(1_400_000), apply: z.boolean(), source: z.string().trim().min(2, 'validation.reasonRequired').max(300) }),
    output: CalendarImportReport,
  },
  'referenceLists.unmatchedBanks': { input: NoInput, output: z.array(z.object({ name: z.string(), steps: z.number().int() })) },
  /** Care of the laptop (本机): backups, restore, diagnostics, updates, the demo profile. */
  'backup.list': { input: NoInput, output: BackupList },
  'backup.now': { input: NoInput, output: BackupEntry },
  /** The outside copy, encrypted with a passphrase the officer chooses now (checked by passphraseProblem). */
  'backup.toFolder': { input: z.strictObject({ passphrase: z.string().max(1000) }), output: ExportOutcome },
  /** Copies a backup aside and checks it; nothing is replaced until backup.restore. */
  'backup.inspect': { input: z.strictObject({ name: BackupName }), output: BackupInspection },
  /** Picks a backup file; with a passphrase, opens the file picked last with it (a backup from another laptop). */
  'backup.inspectFile': { input: z.strictObject({ passphrase: z.string().min(1).max(1000).optional() }).optional(), output: BackupInspection.nullable() },
  'backup.restore': { input: NoInput, output: RestoreOutcome },
  /** A restore confirmed but not yet applied (before the restart) is called off; the store stays as it is. */
  'backup.cancelRestore': { input: NoInput, output: z.object({ cancelled: z.boolean() }) },
  /** The officer has read that a restore was done: the notice goes. */
  'backup.dismissRestoreResult': { input: NoInput, output: z.object({ dismissed: z.boolean() }) },
  'diagnostics.export': { input: NoInput, output: ExportOutcome },
  'app.info': { input: NoInput, output: AppInfo },
  'app.openProfile': { input: z.strictObject({ profile: z.enum(PROFILES) }), output: z.object({ relaunching: z.boolean() }) },
  'updates.status': { input: NoInput, output: UpdateStatus },
  'updates.check': { input: NoInput, output: UpdateStatus },
  /** The officer agrees: the downloaded update installs when the app next starts. */
  'updates.installOnRestart': { input: NoInput, output: UpdateStatus },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Contract[M]['output']>;

/** Events the main process pushes to the renderer through `on`. */
export interface EventMap {
  'sync.status': SyncStatus;
  'visits.changed': { ids: string[] };
  'directory.changed': Record<string, never>;
  'export.progress': { jobId: string; done: number; total: number };
  'updates.status': UpdateStatus;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['sync.status', 'visits.changed', 'directory.changed', 'export.progress', 'updates.status'];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
