import { CloudSyncOutlined } from '@ant-design/icons';
import { Badge, Button, Space, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../stores/route';
import { useSync } from '../stores/sync';
import { syncText } from './sync-text';

const BADGE: Record<string, 'success' | 'processing' | 'warning' | 'error' | 'default'> = {
  idle: 'success',
  sending: 'processing',
  receiving: 'processing',
  offline: 'warning',
  problem: 'warning',
  attention: 'error',
  signedOut: 'default',
};

/** Re-renders every second while a request waits for the server, so the seconds count up. */
function useTicking(active: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? now : new Date();
}

/** At a glance: all synced, n waiting, offline, sending n of m, needs attention — the same words as its tooltip. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const { status, busy, osOffline, syncNow } = useSync();
  const go = useRoute((s) => s.go);
  const now = useTicking(!!status?.waitingForServerSince);
  if (!status) return null;
  const { bar, tip } = syncText(status, t, osOffline, now);
  const actionable = status.problem === 'signInAgain' || status.problem === 'noScope' || status.problem === 'forbidden';
  const state = osOffline && status.state !== 'signedOut' ? 'offline' : status.state;
  const badge = actionable ? 'error' : status.waiting > 0 && state === 'idle' ? 'warning' : (BADGE[state] ?? 'default');
  return (
    <Space size={12}>
      <Tooltip title={<span data-testid="sync-tooltip" style={{ whiteSpace: 'pre-line' }}>{tip.join('\n')}</span>}>
        <span
          data-testid="sync-indicator"
          data-state={state}
          data-problem={status.problem ?? ''}
          data-waiting={status.waiting}
          role="button"
          tabIndex={0}
          style={{ cursor: 'pointer' }}
          onClick={() => go({ name: 'account' })}
          onKeyDown={(e) => e.key === 'Enter' && go({ name: 'account' })}
        >
          <Badge status={badge} />
          <Typography.Text data-testid="sync-text">{bar}</Typography.Text>
        </span>
      </Tooltip>
      <Button size="small" icon={<CloudSyncOutlined />} loading={busy} onClick={() => void syncNow()} data-testid="sync-now">
        {t('sync.now')}
      </Button>
    </Space>
  );
}
