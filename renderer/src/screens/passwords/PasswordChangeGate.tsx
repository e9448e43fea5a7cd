import { LockOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountStatus } from '../../../../shared/api/contract';
import { ChangePasswordForm } from './ChangePasswordForm';
import { GateCard } from './GateCard';

/**
 * While the server asks for a new password (a first sign-in, a reset, an expired one), this is
 * the only screen: the server refuses the account everything else until it is chosen.
 */
export function PasswordChangeGate({ status }: { status: AccountStatus & { passwordChange: NonNullable<AccountStatus['passwordChange']> } }) {
  const { t } = useTranslation();
  return (
    <GateCard
      width={520}
      testId="password-gate"
      title={
        <span>
          <LockOutlined /> {t('password.title')}
        </span>
      }
    >
      <Typography.Paragraph>{t(`password.reason_${status.passwordChange}`)}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {status.account?.displayName} · {status.account?.username}
      </Typography.Paragraph>
      <ChangePasswordForm username={status.account?.username ?? ''} />
    </GateCard>
  );
}
