import { FileSearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { saveDownload } from '../../bridge';
import { useBusyAction } from '../../hooks/useBusyAction';

/** One file for support: versions, settings without secrets, queues, integrity check, recent log. */
export function DiagnosticsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { busy, run } = useBusyAction();
  const exportFile = () =>
    run(async () => {
      const outcome = await call('diagnostics.export');
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
      if (outcome.status !== 'cancelled') void message.success(t('care.diagnostics.exported'));
    });
  return (
    <Card title={t('care.diagnostics.title')} size="small">
      <Typography.Paragraph type="secondary">{t('care.diagnostics.help')}</Typography.Paragraph>
      <Button icon={<FileSearchOutlined />} loading={busy} onClick={() => void exportFile()} data-testid="export-diagnostics">
        {t('care.diagnostics.export')}
      </Button>
    </Card>
  );
}
