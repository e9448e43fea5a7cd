import { ExperimentOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppInfo } from '../../stores/app-info';
import { useOpenProfile } from './useOpenProfile';

/** Which data this window shows: the bureau's, or the demo firms kept apart from it. */
export function ProfileCard() {
  const { t } = useTranslation();
  const info = useAppInfo((s) => s.info);
  const { busy, open } = useOpenProfile();
  if (!info) return null;
  const demo = info.profile === 'demo';
  return (
    <Card title={t('care.profile.title')} size="small">
      <Typography.Paragraph data-testid="profile-text">{t(demo ? 'care.profile.demo' : 'care.profile.real')}</Typography.Paragraph>
      <Button icon={demo ? <RollbackOutlined /> : <ExperimentOutlined />} loading={busy} onClick={() => void open(demo ? 'real' : 'demo')} data-testid="switch-profile">
        {t(demo ? 'care.profile.leaveDemo' : 'care.profile.openDemo')}
      </Button>
    </Card>
  );
}
