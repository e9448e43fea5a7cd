import { LockOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useAppInfo } from '../../stores/app-info';

/** How this laptop's data is protected if the laptop is lost, and what happens if every key is lost. */
export function EncryptionCard() {
  const { t } = useTranslation();
  const encryption = useAppInfo((s) => s.info?.encryption);
  if (!encryption) return null;
  return (
    <Card title={<><LockOutlined /> {t('care.encryption.title')}</>} size="small" data-testid="encryption-card">
      <Typography.Paragraph type="secondary">{t('care.encryption.help')}</Typography.Paragraph>
      {encryption.droppedRestore && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('care.encryption.droppedRestore')} />}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('care.encryption.keptBy')}>
          <span data-testid="encryption-kept-by">{t(`care.encryption.kept.${encryption.keptBy}`)}</span>
          {encryption.keyFile && (
            <Typography.Text type="secondary" copyable style={{ display: 'block', fontSize: 12 }}>
              {encryption.keyFile}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('care.encryption.recovery')}>
          <span data-testid="encryption-recovery">{t(encryption.recoverable ? 'care.encryption.recoverable' : 'care.encryption.notRecoverable')}</span>
        </Descriptions.Item>
        {encryption.encryptedAt && <Descriptions.Item label={t('care.encryption.encryptedAt')}>{formatDateTime(encryption.encryptedAt)}</Descriptions.Item>}
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('care.encryption.allKeysLost')}
      </Typography.Paragraph>
    </Card>
  );
}
