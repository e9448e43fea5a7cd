import { z } from 'zod';
import { COUNTY_CODES } from '../domain/divisions';
import { PROTOCOL_VERSION } from './sync-protocol';

/** The accounts screen (admins, online) and the server's command line share these rules (server/accounts/account-admin.ts). */
export const ACCOUNT_ROLES = ['officer', 'supervisor', 'admin', 'auditor'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
/** Roles an existing account may move between: an auditor stays an auditor, and no one becomes one later (roles kept apart). */
export const CHANGEABLE_ROLES = ['officer', 'supervisor', 'admin'] as const;

const Counties = z.array(z.enum(COUNTY_CODES)).max(COUNTY_CODES.length).nullable();
const Username = z.string().trim().regex(/^[a-z0-9._-]{2,40}$/i, 'validation.username');

export const DeviceSummary = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastSeenAt: z.string().nullable() });
export const AccountSummary = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ACCOUNT_ROLES),
  counties: z.array(z.string()).nullable(),
  disabled: z.boolean(),
  lastSeenAt: z.string().nullable(),
  /** Too many wrong passwords: sign-in refused until the window ends or an admin unlocks. */
  locked: z.boolean(),
  /** The password is past its age (or was reset, or never chosen): the next sign-in must change it. */
  passwordChange: z.enum(['first', 'reset', 'expired']).nullable(),
  totp: z.boolean(),
  devices: z.array(DeviceSummary),
});
export type AccountSummary = z.infer<typeof AccountSummary>;
export const AccountListBody = z.object({ protocol: z.literal(PROTOCOL_VERSION), accounts: z.array(AccountSummary) });

export const CreateAccountRequest = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1).max(40),
  role: z.enum(ACCOUNT_ROLES),
  counties: Counties,
  /** The first password, told to the user; the first sign-in must change it. */
  password: z.string().min(1).max(200),
});
export type CreateAccountRequest = z.infer<typeof CreateAccountRequest>;

/** One change to an account: each is audited; a reason is kept with it where the bureau wants to know why. */
export const AccountChangeRequest = z.discriminatedUnion('change', [
  z.strictObject({ change: z.literal('disable') }),
  z.strictObject({ change: z.literal('enable') }),
  z.strictObject({ change: z.literal('role'), role: z.enum(CHANGEABLE_ROLES) }),
  z.strictObject({ change: z.literal('scope'), counties: Counties }),
  z.strictObject({ change: z.literal('resetPassword'), password: z.string().min(1).max(200) }),
  z.strictObject({ change: z.literal('revokeDevice'), deviceId: z.string().min(1).max(64) }),
  z.strictObject({ change: z.literal('unlock') }),
  z.strictObject({ change: z.literal('resetTotp') }),
]);
export type AccountChangeRequest = z.infer<typeof AccountChangeRequest>;
