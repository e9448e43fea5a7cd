import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProblemRecord } from '../../../../shared/domain/problem';

export const LIGHT_COLOR = { red: 'red', yellow: 'gold', green: 'green' } as const;

/** A handed demand's light and its next deadline ("红灯 · 办结时限：2026-11-23 · 超期 2 个工作日"); its stage otherwise. */
export function DemandLight({ problem, compact = false }: { problem: ProblemRecord; compact?: boolean }) {
  const { t } = useTranslation();
  const clock = problem.clock;
  if (!clock || !clock.light || !clock.next) {
    return (
      <Typography.Text type="secondary" data-testid={`demand-stage-${problem.id}`} data-stage={problem.stage} style={{ whiteSpace: 'nowrap' }}>
        {t(`demands.stage.${problem.stage}`)}
      </Typography.Text>
    );
  }
  return (
    <span data-testid={`demand-light-${problem.id}`} data-light={clock.light} data-stage={problem.stage}>
      <Tag color={LIGHT_COLOR[clock.light]} style={{ marginRight: 4 }}>
        {t(`demands.light.${clock.light}`)}
      </Tag>
      {!compact && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`demands.stage.${problem.stage}`)} · </Typography.Text>}
      {/* In a narrow column (compact) the deadline wraps under the light rather than being cut off. */}
      <Typography.Text type={clock.light === 'red' ? 'danger' : undefined} style={{ fontSize: 12, whiteSpace: compact ? 'normal' : 'nowrap' }}>
        {t('demands.nextDue', { step: t(`demands.deadline.${clock.next}`), date: '' })}
        {/* The date never breaks inside, whatever wraps around it. */}
        <span style={{ whiteSpace: 'nowrap' }} data-testid={`demand-due-${problem.id}`}>
          {clock.deadlines[clock.next]}
        </span>
        {clock.lateDays > 0 && ` · ${t('demands.lateDays', { count: clock.lateDays })}`}
      </Typography.Text>
    </span>
  );
}
