import type { TFunction } from 'i18next';
import type { SyncStatus } from '../../../shared/api/contract';
import { formatDateTime, formatTime } from '../format';

/** Problems only the officer or an administrator can fix: said on the bar in full. */
const ACTIONABLE = new Set(['signInAgain', 'noScope', 'forbidden']);

/**
 * The one wording of the sync status, shared by the bar and its tooltip so the two
 * can never disagree: "all synced at t" only while nothing waits and the last
 * attempt succeeded; after a failure, what failed, when the last sync succeeded (or
 * what waits) and when the next attempt is due. Every piece comes from the catalogue.
 */
export function syncText(status: SyncStatus, t: TFunction, osOffline: boolean, now: Date): { bar: string; tip: string[] } {
  const parts: string[] = [];
  const tip: string[] = [t('sync.server', { url: status.serverUrl })];
  const failed = status.state === 'offline' || status.state === 'problem' || osOffline;
  if (status.state === 'signedOut') {
    parts.push(t('sync.signedOut'));
    if (status.waiting > 0) parts.push(t('sync.waiting', { count: status.waiting }));
    return { bar: parts.join(' · '), tip };
  }
  if (status.state === 'sending' && status.sending) parts.push(t('sync.sending', status.sending));
  else if (status.state === 'receiving') parts.push(t('sync.receiving', { count: status.receiving ?? 0 }));
  else if (osOffline || status.state === 'offline') parts.push(t('sync.offline'));
  else if (status.state === 'problem' && status.problem) parts.push(t(ACTIONABLE.has(status.problem) ? `sync.problem.${status.problem}` : `sync.problemShort.${status.problem}`));

  if ((status.state === 'sending' || status.state === 'receiving') && status.waitingForServerSince) {
    const seconds = Math.max(1, Math.round((now.getTime() - Date.parse(status.waitingForServerSince)) / 1000));
    parts.push(t('sync.waitingForServer', { seconds }));
  }
  if (status.attention > 0) parts.push(t('sync.attention', { count: status.attention }));
  if (status.waiting > 0 && status.state !== 'sending') parts.push(t('sync.waiting', { count: status.waiting }));
  if (failed) {
    if (status.waiting === 0) parts.push(status.lastSyncedAt ? t('sync.lastSynced', { time: formatDateTime(status.lastSyncedAt) }) : t('sync.neverSynced'));
    if (status.nextAttemptAt && !osOffline && !ACTIONABLE.has(status.problem ?? '')) parts.push(t('sync.nextAttemptShort', { time: formatTime(status.nextAttemptAt) }));
  } else if (parts.length === 0) {
    parts.push(status.lastSyncedAt ? t('sync.idleAt', { time: formatDateTime(status.lastSyncedAt) }) : t('sync.idle'));
  }

  if (osOffline) tip.push(t('sync.osOffline'));
  if (status.problem) tip.push(t(`sync.problem.${status.problem}`));
  if (failed || status.waiting > 0) tip.push(status.lastSyncedAt ? t('sync.lastSynced', { time: formatDateTime(status.lastSyncedAt) }) : t('sync.neverSynced'));
  if (status.nextAttemptAt && !osOffline) tip.push(t('sync.nextAttempt', { time: formatTime(status.nextAttemptAt) }));
  return { bar: parts.join(' · '), tip };
}
