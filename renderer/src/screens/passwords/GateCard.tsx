import { LogoutOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { useAccount } from '../../stores/account';

/** The one screen an account sees while the server asks something of it first (a password, a second factor); signing out is the other way on. */
export function GateCard({ title, width, testId, children }: { title: ReactNode; width: number; testId: string; children: ReactNode }) {
  const { t } = useTranslation();
  const signOut = async () => {
    await call('account.signOut');
    await useAccount.getState().refresh();
  };
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f7fa', padding: 24 }}>
      <Card
        style={{ width }}
        title={title}
        extra={
          <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="gate-sign-out">
            {t('password.signOut')}
          </Button>
        }
        data-testid={testId}
      >
        {children}
      </Card>
    </div>
  );
}
