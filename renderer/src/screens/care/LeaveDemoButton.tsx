import { RollbackOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOpenProfile } from './useOpenProfile';

export function LeaveDemoButton() {
  const { t } = useTranslation();
  const { busy, open } = useOpenProfile();
  return (
    <Button size="small" icon={<RollbackOutlined />} loading={busy} onClick={() => void open('real')} data-testid="leave-demo">
      {t('care.profile.leaveDemo')}
    </Button>
  );
}
