import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BackupCard } from './BackupCard';
import { DiagnosticsCard } from './DiagnosticsCard';
import { EncryptionCard } from './EncryptionCard';
import { ProfileCard } from './ProfileCard';
import { UpdatesCard } from './UpdatesCard';

/** 本机: the care of this laptop — updates, backups, diagnostics, the demo profile. */
export function CarePage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 860 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('care.title')}
      </Typography.Title>
      <UpdatesCard />
      <BackupCard />
      <EncryptionCard />
      <DiagnosticsCard />
      <ProfileCard />
    </Space>
  );
}
