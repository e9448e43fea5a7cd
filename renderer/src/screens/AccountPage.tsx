import { LockOutlined, LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountStatus } from '../../../shared/api/contract';
import { countyName } from '../../../shared/domain/divisions';
import { ApiError, call } from '../api';
import { formatDateTime } from '../format';
import { useErrorText } from '../hooks/useErrorText';
import { RegisterImportCard } from './RegisterImportCard';
import { TransferCard } from './TransferCard';
import { LeaveDemoButton } from './care/LeaveDemoButton';
import { useAccount } from '../stores/account';
import { useAppInfo } from '../stores/app-info';
import { useLock } from '../stores/lock';
import { ChangePasswordForm } from './passwords/ChangePasswordForm';

/** Sign in once (online) to get a device token; sign out; see where the token is kept. */
const TOKEN_STORAGE_TEXT = { safeStorage: 'account.tokenSafeStorage', file: 'account.tokenFile', fileNoKeychain: 'account.tokenFileNoKeychain' } as const;

export function AccountPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [status, setStatus] = useState<AccountStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ serverUrl: string; username: string; password: string; otp?: string }>();
  // Shown once the server says the account has a second factor (after the password was right).
  const [askOtp, setAskOtp] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const profile = useAppInfo((s) => s.info?.profile);
  const lockStatus = useLock((s) => s.status);

  useEffect(() => {
    void call('account.status').then((s) => {
      setStatus(s);
      form.setFieldsValue({ serverUrl: s.serverUrl });
    });
  }, [form]);

  const signIn = async (values: { serverUrl: string; username: string; password: string; otp?: string }) => {
    setBusy(true);
    setFieldError(null);
    try {
      setStatus(await call('account.signIn', values));
      void useAccount.getState().refresh();
      void useLock.getState().refresh();
      void useAppInfo.getState().refresh();
      form.setFieldValue('password', '');
      void message.success(t('account.signedIn'));
    } catch (error) {
      const fields = error instanceof ApiError ? error.data.fields : undefined;
      if (fields?.otp) {
        setAskOtp(true);
        setFieldError(null);
        // The first ask is a request, not an error: the field appears with its explanation.
        if (fields.otp !== 'totp.required') setTimeout(() => form.setFields([{ name: 'otp', errors: [t(fields.otp!)], value: '' }]));
      } else if (fields?.serverUrl) {
        form.setFields([{ name: 'serverUrl', errors: [t(fields.serverUrl)] }]);
        setFieldError(null);
      } else setFieldError(fields?.password ? t(fields.password) : errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const signOut = async () => {
    setBusy(true);
    try {
      setStatus(await call('account.signOut'));
      void useAccount.getState().refresh();
      void useLock.getState().refresh();
      void message.success(t('account.signedOut'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  if (!status) return null;
  const demo = profile === 'demo';
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <>
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 760 }}>
      {/* The sync bar is in the header of every screen: not repeated here. */}
      <Card title={t('account.title')}>
        {status.account ? (
          <>
            <Typography.Paragraph strong data-testid="signed-in-as">
              {t('account.signedInAs', { name: status.account.displayName, username: status.account.username })}
            </Typography.Paragraph>
            <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('account.serverUrl')}>{status.serverUrl}</Descriptions.Item>
              <Descriptions.Item label={t('account.role')}>{t(`account.roles.${status.account.role}`)}</Descriptions.Item>
              <Descriptions.Item label={t('account.scope')}>
                {status.account.countyScope ? status.account.countyScope.map((c) => countyName(c, lang)).join('、') : t('account.wholeCity')}
              </Descriptions.Item>
            </Descriptions>
            <Button icon={<LogoutOutlined />} loading={busy} onClick={() => void signOut()} data-testid="sign-out">
              {t('account.signOut')}
            </Button>
          </>
        ) : demo ? (
          <Alert type="warning" showIcon message={t('account.demoNoSignIn')} action={<LeaveDemoButton />} data-testid="demo-no-sign-in" />
        ) : (
          <>
            <Alert type="info" showIcon message={t('account.notSignedIn')} style={{ marginBottom: 16 }} />
            <Form form={form} layout="vertical" onFinish={(v) => void signIn(v)} style={{ maxWidth: 420 }}>
              <Form.Item name="serverUrl" label={t('account.serverUrl')} rules={[{ required: true, message: t('validation.required') }, { type: 'url', message: t('validation.badFormat') }]}>
                <Input id="server-url" data-testid="server-url" />
              </Form.Item>
              <Form.Item name="username" label={t('account.username')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input id="username" data-testid="username" autoComplete="username" />
              </Form.Item>
              <Form.Item name="password" label={t('account.password')} rules={[{ required: true, message: t('validation.required') }]} {...(fieldError ? { validateStatus: 'error' as const, help: fieldError } : {})}>
                <Input.Password id="password" data-testid="password" autoComplete="current-password" />
              </Form.Item>
              {askOtp ? <Alert type="info" showIcon message={t('totp.required')} style={{ marginBottom: 12 }} data-testid="otp-asked" /> : null}
              {askOtp ? (
                <Form.Item name="otp" label={t('totp.code')} extra={t('totp.signInHint')} rules={[{ required: true, message: t('validation.required') }]}>
                  <Input id="otp" data-testid="otp" autoComplete="one-time-code" style={{ width: 200 }} autoFocus />
                </Form.Item>
              ) : null}
              <Button type="primary" htmlType="submit" icon={<LoginOutlined />} loading={busy} data-testid="sign-in">
                {t('account.signIn')}
              </Button>
            </Form>
          </>
        )}
        {status.signInAgainBy && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }} data-testid="sign-in-again-by">
            {t('account.signInAgainBy', { date: formatDateTime(status.signInAgainBy) })}
          </Typography.Paragraph>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }} data-testid="token-storage" data-kind={status.tokenStorage}>
          {t(TOKEN_STORAGE_TEXT[status.tokenStorage])}
        </Typography.Paragraph>
      </Card>
      {status.account && !demo ? (
        <Card
          title={t('password.changeTitle')}
          extra={
            lockStatus?.enabled ? (
              <Button icon={<LockOutlined />} onClick={() => void useLock.getState().engage()} data-testid="lock-now">
                {t('lock.lockNow')}
              </Button>
            ) : null
          }
        >
          <Typography.Paragraph type="secondary">{t('password.changeHint')}</Typography.Paragraph>
          <ChangePasswordForm username={status.account.username} />
        </Card>
      ) : null}
      {/* Supervisors and administrators never push visits: the USB transfer is an officer's tool. */}
      {!demo && (status.account === null || status.account.role !== 'auditor') && <TransferCard enabled={status.signedIn} />}
    </Space>
    {/* The import's row-by-row report needs the width of the screen, not the account column's. */}
    {status.account?.role === 'admin' && (
      <div style={{ marginTop: 16 }}>
        <RegisterImportCard />
      </div>
    )}
    </>
  );
}
