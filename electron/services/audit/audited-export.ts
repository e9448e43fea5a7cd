import type { LaptopAuditAction, LaptopAuditEvent } from '../../../shared/api/audit';
import type { ExportOutcome } from '../../../shared/api/contract';
import { recordAuditEvent } from '../../../db/repositories/audit-outbox';
import type { ServiceContext } from '../context';

/** What the audit log should know of a file that left the app: the counties it covers and whether it holds firms' contacts. */
export interface ExportSubject {
  counties?: readonly string[] | null;
  /** Contacts' names and mobile numbers are in the file (personal information). */
  contacts: boolean;
  detail?: LaptopAuditEvent['detail'];
}

const fileNameOf = (outcome: ExportOutcome, suggested: string): string =>
  outcome.status === 'download' ? outcome.fileName : outcome.status === 'saved' || outcome.status === 'opened' ? (outcome.path.split(/[\\/]/).pop() ?? suggested) : suggested;

/**
 * A file handed to the user, recorded for the bureau's audit log once it has left the app
 * (saved, downloaded, or opened); nothing is recorded for a cancelled save. The record waits
 * in the laptop's audit outbox for the next sync of any role.
 */
export async function recordedExport(ctx: Pick<ServiceContext, 'db' | 'now'>, action: LaptopAuditAction, subject: ExportSubject, suggestedName: string, deliver: () => Promise<ExportOutcome>): Promise<ExportOutcome> {
  const outcome = await deliver();
  if (outcome.status === 'cancelled') return outcome;
  const detail: LaptopAuditEvent['detail'] = { fileName: fileNameOf(outcome, suggestedName).slice(0, 200), contacts: subject.contacts, ...subject.detail };
  if ('rows' in outcome && typeof outcome.rows === 'number') detail.rows = outcome.rows;
  recordAuditEvent(ctx.db, { at: ctx.now(), action, counties: subject.counties ?? null, detail });
  return outcome;
}

/** The usual case: a file written by `write`, offered under `name`. */
export function deliverRecorded(ctx: ServiceContext, action: LaptopAuditAction, subject: ExportSubject, name: string, write: (path: string) => Promise<number>): Promise<ExportOutcome> {
  return recordedExport(ctx, action, subject, name, () => ctx.platform.deliverFile(name, write));
}
