import { LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountStatus } from '../../../../shared/api/contract';
import { call } from '../../api';
import { useAccount } from '../../stores/account';
import { ChangePasswordForm } from './ChangePasswordForm';

/**
 * While the server asks for a new password (a first sign-in, a reset, an expired one), this is
 * the only screen: the server refuses the account everything else until it is chosen.
 */
export function PasswordChangeGate({ status }: { status: AccountStatus & { passwordChange: NonNullable<AccountStatus['passwordChange']> } }) {
  const { t } = useTranslation();
  const signOut = async () => {
    await call('account.signOut');
    await useAccount.getState().refresh();
  };
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f7fa', padding: 24 }}>
      <Card
        style={{ width: 520 }}
        title={
          <span>
            <LockOutlined /> {t('password.title')}
          </span>
        }
        extra={
          <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="gate-sign-out">
            {t('password.signOut')}
          </Button>
        }
        data-testid="password-gate"
      >
        <Typography.Paragraph>{t(`password.reason_${status.passwordChange}`)}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{status.account?.displayName} · {status.account?.username}</Typography.Paragraph>
        <ChangePasswordForm username={status.account?.username ?? ''} />
      </Card>
    </div>
  );
}
