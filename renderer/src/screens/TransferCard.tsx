import { ExportOutlined, ImportOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { saveDownload } from '../bridge';
import { useBusyAction } from '../hooks/useBusyAction';

/** USB transfer: export the unsynced visits as a signed file; import the server's receipt. */
export function TransferCard({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);

  const { busy, run } = useBusyAction();

  const exportFile = () =>
    run(async () => {
      const outcome = await call('transfer.export');
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
      if (outcome.status !== 'cancelled') void message.success(t('transfer.exported', { rows: 'rows' in outcome ? outcome.rows : 0 }));
    });

  const importReceipt = (file: File | undefined) =>
    run(async () => {
      if (!file) return;
      const result = await call('transfer.importReceipt', { receipt: await file.text() });
      void message.success(t('transfer.imported', result));
      if (input.current) input.current.value = '';
    });

  return (
    <Card title={t('transfer.title')} size="small">
      <Typography.Paragraph type="secondary">{t('transfer.help')}</Typography.Paragraph>
      <input ref={input} type="file" accept=".xlr,.json" hidden data-testid="receipt-input" onChange={(e) => void importReceipt(e.target.files?.[0])} />
      <Space>
        <Button icon={<ExportOutlined />} disabled={!enabled} loading={busy} onClick={() => void exportFile()} data-testid="export-transfer">
          {t('transfer.export')}
        </Button>
        <Button icon={<ImportOutlined />} disabled={!enabled} loading={busy} onClick={() => input.current?.click()} data-testid="import-receipt">
          {t('transfer.importReceipt')}
        </Button>
      </Space>
    </Card>
  );
}
