import { CloudSyncOutlined } from '@ant-design/icons';
import { Badge, Button, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatTime } from '../format';
import { useRoute } from '../stores/route';
import { useSync } from '../stores/sync';

const BADGE: Record<string, 'success' | 'processing' | 'warning' | 'error' | 'default'> = {
  idle: 'success',
  sending: 'processing',
  receiving: 'processing',
  offline: 'warning',
  attention: 'error',
  signedOut: 'default',
};

/** At a glance: all synced, n waiting, offline, sending n of m, needs attention. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const { status, busy, syncNow } = useSync();
  const go = useRoute((s) => s.go);
  if (!status) return null;
  let text: string;
  if (status.state === 'signedOut') text = status.waiting > 0 ? `${t('sync.signedOut')} · ${t('sync.waiting', { count: status.waiting })}` : t('sync.signedOut');
  else if (status.state === 'sending' && status.sending) text = t('sync.sending', status.sending);
  else if (status.state === 'receiving') text = t('sync.receiving', { count: status.receiving ?? 0 });
  else if (status.state === 'attention') text = t('sync.attention', { count: status.attention });
  else if (status.state === 'offline') text = t('sync.offline', { count: status.waiting });
  else if (status.waiting > 0) text = t('sync.waiting', { count: status.waiting });
  else text = status.lastSyncedAt ? t('sync.idleAt', { time: formatDateTime(status.lastSyncedAt) }) : t('sync.idle');
  // Problems only the user or an administrator can fix are said on the bar itself, not only in the tooltip.
  const actionable = status.problem === 'signInAgain' || status.problem === 'noScope' || status.problem === 'forbidden';
  if (actionable && status.state !== 'signedOut') text = t(`sync.problem.${status.problem}`);
  const tip = [
    t('sync.server', { url: status.serverUrl }),
    status.problem ? t(`sync.problem.${status.problem}`) : null,
    status.lastError ? t('sync.lastError', { message: status.lastError }) : null,
    status.nextAttemptAt ? t('sync.nextAttempt', { time: formatTime(status.nextAttemptAt) }) : null,
  ]
    .filter(Boolean)
    .join('\n');
  const badge = actionable ? 'error' : status.waiting > 0 && status.state === 'idle' ? 'warning' : (BADGE[status.state] ?? 'default');
  return (
    <Space size={12}>
      <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{tip}</span>}>
        <span
          data-testid="sync-indicator"
          data-state={status.state}
          data-waiting={status.waiting}
          role="button"
          tabIndex={0}
          style={{ cursor: 'pointer' }}
          onClick={() => go({ name: 'account' })}
          onKeyDown={(e) => e.key === 'Enter' && go({ name: 'account' })}
        >
          <Badge status={badge} />
          <Typography.Text>{text}</Typography.Text>
        </span>
      </Tooltip>
      <Button size="small" icon={<CloudSyncOutlined />} loading={busy} onClick={() => void syncNow()} data-testid="sync-now">
        {t('sync.now')}
      </Button>
    </Space>
  );
}
