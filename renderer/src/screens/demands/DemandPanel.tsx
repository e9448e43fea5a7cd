import { Alert, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProblemRecord } from '../../../../shared/domain/problem';
import { formatDateTime } from '../../format';
import { useAccount } from '../../stores/account';
import { DemandActions } from './DemandActions';
import { DemandLight } from './DemandLight';

/**
 * A problem as a demand (issue 31): to whom it was handed and when, its three deadlines (met
 * or not), an approved extension, the supervisors' 督办 notes, the firm's call-back and the
 * closing — and, for a supervisor, 延期 / 督办 / 销号.
 */
export function DemandPanel({ problem, onChanged }: { problem: ProblemRecord; onChanged?: () => void }) {
  const { t } = useTranslation();
  const role = useAccount((s) => s.status?.account?.role);
  const clock = problem.clock;
  const met = (on: string | null) => (on ? <Tag color="green">{on}</Tag> : null);
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid={`demand-panel-${problem.id}`}>
      <Space wrap>
        <DemandLight problem={problem} />
        {problem.responsible && <Typography.Text type="secondary">{t('demands.responsible')}：{problem.responsible}</Typography.Text>}
      </Space>
      {clock && (
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} bordered>
          <Descriptions.Item label={t('demands.handedOn')}>{`${problem.handedOn} · ${problem.department}`}</Descriptions.Item>
          <Descriptions.Item label={t('demands.deadline.takeUp')}>
            {clock.deadlines.takeUp} {met(problem.takenUpOn)}
          </Descriptions.Item>
          <Descriptions.Item label={t('demands.deadline.answer')}>
            {clock.deadlines.answer} {met(problem.answeredOn)}
          </Descriptions.Item>
          <Descriptions.Item label={t('demands.deadline.resolve')}>
            <span data-testid={`demand-resolve-deadline-${problem.id}`}>{clock.deadlines.resolve}</span> {met(problem.resolvedOn)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {clock && clock.deadlines.uncovered.length > 0 && <Alert type="warning" showIcon message={t('demands.uncovered', { years: clock.deadlines.uncovered.join('、') })} />}
      {problem.extension && <Typography.Text data-testid={`demand-extension-${problem.id}`}>{t('demands.extension', { days: problem.extension.days, by: problem.extension.by, reason: problem.extension.reason })}</Typography.Text>}
      {problem.supervision.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('demands.notes')}</Typography.Text>}
          dataSource={problem.supervision}
          data-testid={`demand-notes-${problem.id}`}
          renderItem={(n) => <List.Item>{t('demands.noteLine', { by: n.by, at: formatDateTime(n.at), note: n.note })}</List.Item>}
        />
      )}
      {problem.status === 'resolved' && (
        <Typography.Text data-testid={`demand-callback-${problem.id}`}>
          {problem.callback
            ? `${t('demands.callback')}：${t('demands.callbackSummary', { how: t(`demands.callbackHow.${problem.callback.how}`), on: problem.callback.on, verdict: t(`demands.verdict.${problem.callback.verdict}`) })}${problem.callback.note ? ` · ${problem.callback.note}` : ''}`
            : t('demands.noCallback')}
        </Typography.Text>
      )}
      {problem.closedAt && <Typography.Text type="success">{t('demands.closed', { by: problem.closedBy ?? '', at: formatDateTime(problem.closedAt) })}</Typography.Text>}
      {(role === 'supervisor' || role === 'admin') && <DemandActions problem={problem} onChanged={onChanged} />}
    </Space>
  );
}
