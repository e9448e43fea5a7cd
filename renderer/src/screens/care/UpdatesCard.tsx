import { CloudDownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../../../shared/api/care';
import { call } from '../../api';
import { bridge } from '../../bridge';
import { formatDateTime } from '../../format';
import { useBusyAction } from '../../hooks/useBusyAction';

/** Updates from the bureau's server: checked and downloaded in the background; installed at the next start once the officer agrees. */
export function UpdatesCard() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const { busy, run } = useBusyAction();
  useEffect(() => {
    void call('updates.status').then(setStatus);
    return bridge.on('updates.status', setStatus);
  }, []);
  if (!status) return null;
  const text = t(`care.updates.state.${status.state}`, {
    version: status.availableVersion ?? '',
    percent: status.percent ?? 0,
    time: status.lastCheckedAt ? formatDateTime(status.lastCheckedAt) : '',
    problem: status.problem ? t(`care.updates.problem.${status.problem}`) : '',
  });
  return (
    <Card title={t('care.updates.title')} size="small" extra={<Typography.Text type="secondary">{t('care.updates.current', { version: status.currentVersion })}</Typography.Text>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text data-testid="update-state" data-state={status.state} type={status.state === 'error' ? 'danger' : undefined}>
          {text}
        </Typography.Text>
        {status.state === 'downloading' && <Progress percent={status.percent ?? 0} size="small" />}
        {status.installOnRestart && <Alert type="success" showIcon message={t('care.updates.agreed', { version: status.availableVersion })} />}
        <Space>
          {status.state !== 'unavailable' && (
            <Button icon={<SyncOutlined />} loading={busy || status.state === 'checking'} disabled={status.state === 'downloading' || status.state === 'ready'} onClick={() => void run(async () => setStatus(await call('updates.check')))}>
              {t('care.updates.check')}
            </Button>
          )}
          {status.state === 'ready' && !status.installOnRestart && (
            <Button type="primary" icon={<CloudDownloadOutlined />} onClick={() => void run(async () => setStatus(await call('updates.installOnRestart')))} data-testid="install-on-restart">
              {t('care.updates.installOnRestart')}
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
