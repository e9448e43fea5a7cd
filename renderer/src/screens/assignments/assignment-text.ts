import type { TFunction } from 'i18next';
import type { DueState } from '../../../../shared/domain/cadence';

export const DUE_COLOR: Record<DueState, string> = { overdue: 'red', dueSoon: 'orange', onTrack: 'green' };

/** 逾期 3 天 / 今天到期 / 5 天内到期 / 正常. */
export function dueText(t: TFunction, state: DueState, daysLeft: number): string {
  if (state === 'overdue') return t('assignments.overdue', { count: -daysLeft });
  if (state === 'dueSoon') return daysLeft === 0 ? t('assignments.dueToday') : t('assignments.dueIn', { count: daysLeft });
  return t('assignments.onTrack');
}

/** An officer as people know them: 王建国（wangjg）, or the username alone where it is the name. */
export const officerLabel = (name: string | null, username: string): string => (!name || name === username ? username : `${name}（${username}）`);
