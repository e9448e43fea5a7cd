import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LockStatus } from '../../../../shared/api/contract';
import { ApiError, call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';
import { useAccount } from '../../stores/account';
import { useLock } from '../../stores/lock';
import { useRoute } from '../../stores/route';

/** Covers every screen while the idle lock is on: the account's password unlocks it, offline. */
export function LockScreen({ status }: { status: LockStatus }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const errorText = useErrorText();
  const account = useAccount((s) => s.status?.account);
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const unlock = async ({ password }: { password: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await call('lock.unlock', { password });
      form.resetFields();
      if (result.signedOut) {
        await useAccount.getState().refresh();
        useRoute.getState().go({ name: 'account' });
        modal.warning({ title: t('lock.title'), content: t('lock.signedOut') });
      }
      useLock.setState({ status: result });
    } catch (error) {
      const field = error instanceof ApiError ? error.data.fields?.password : undefined;
      if (field) form.setFields([{ name: 'password', errors: [t(field)], value: '' }]);
      else setFailure(errorText(error));
      await useLock.getState().refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ position: 'fixed', inset: 0, zIndex: 2000, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#1f3a2d' }} data-testid="lock-screen">
      <Card style={{ width: 440 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          <LockOutlined /> {t('lock.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('lock.hint', { minutes: status.idleMinutes, name: account ? `${account.displayName}（${account.username}）` : '' })}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void unlock(v)}>
          <Form.Item name="password" label={t('lock.password')} rules={[{ required: true, message: t('validation.required') }]} extra={t('lock.attemptsLeft', { count: status.attemptsLeft })}>
            <Input.Password autoFocus autoComplete="current-password" data-testid="unlock-password" />
          </Form.Item>
          {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} /> : null}
          <Button type="primary" htmlType="submit" icon={<UnlockOutlined />} loading={busy} block data-testid="unlock">
            {t('lock.unlock')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
