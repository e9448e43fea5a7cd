import { KeyOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StartupStatus } from '../../../../shared/api/contract';
import { ApiError, call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';

/**
 * Before anything else: whether the store is open. Where the OS has no keychain the store's key
 * is wrapped by the officer's password, and this screen asks for it at start (nothing else can
 * be read until then); everywhere else the store is open and the app shows at once.
 */
export function StoreGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<StartupStatus | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const errorText = useErrorText();
  useEffect(() => {
    call('startup.status').then(setStatus, (error: unknown) => setFailed(errorText(error)));
  }, [errorText]);
  if (failed) return <Alert type="error" showIcon message={failed} style={{ margin: 24 }} />;
  if (status === null) return null;
  // Opened: the page starts again, so every screen's state is read from the open store (the
  // stores asked once at load, when the main process still answered STORE_CLOSED).
  if (status.state === 'password') return <StartScreen status={status} onOpen={() => window.location.reload()} />;
  return <>{children}</>;
}

function StartScreen({ status, onOpen }: { status: StartupStatus; onOpen: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState<'open' | 'recover' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const attempt = async (kind: 'open' | 'recover', run: () => Promise<StartupStatus>) => {
    setBusy(kind);
    setFailure(null);
    try {
      await run();
      onOpen();
    } catch (error) {
      const fields = error instanceof ApiError ? error.data.fields : undefined;
      if (fields?.password) form.setFields([{ name: 'password', errors: [t(fields.password)], value: '' }]);
      else if (error instanceof ApiError && error.data.code === 'CANCELLED') return;
      else if (fields?._) setFailure(fields._ === 'startup.recoverFailed' ? `${t(fields._)} ${error instanceof ApiError ? error.data.message : ''}` : t(fields._));
      else setFailure(errorText(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div style={{ position: 'fixed', inset: 0, overflow: 'auto', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#1f3a2d', padding: 16 }} data-testid="start-screen">
      <Card style={{ width: 480, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          <LockOutlined /> {t('startup.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('startup.hint', { name: status.username ?? '' })}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={({ password }) => void attempt('open', () => call('startup.unlock', { password }))}>
          <Form.Item name="password" label={t('startup.password')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password autoFocus autoComplete="current-password" data-testid="start-password" />
          </Form.Item>
          {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} data-testid="start-failure" /> : null}
          <Button type="primary" htmlType="submit" icon={<KeyOutlined />} loading={busy === 'open'} disabled={busy === 'recover'} block data-testid="start-open">
            {t('startup.open')}
          </Button>
        </Form>
        <Typography.Paragraph strong style={{ marginTop: 20, marginBottom: 4 }}>
          {t('startup.forgotTitle')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('startup.forgotHint')}
        </Typography.Paragraph>
        {status.canRecover ? (
          <Button onClick={() => void attempt('recover', () => call('startup.recover'))} loading={busy === 'recover'} disabled={busy === 'open'} data-testid="start-recover">
            {t('startup.recover')}
          </Button>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('startup.recoverUnavailable')}
          </Typography.Text>
        )}
      </Card>
    </div>
  );
}
