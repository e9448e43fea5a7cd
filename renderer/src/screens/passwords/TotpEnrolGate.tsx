import { SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountStatus } from '../../../../shared/api/contract';
import { ApiError, call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';
import { useAccount } from '../../stores/account';
import { GateCard } from './GateCard';

/**
 * An account whose role must use a second factor sets it up before anything else (the server
 * opens nothing else to it): scan the QR code with an authenticator app, type a code it shows,
 * then keep the recovery codes, shown this once.
 */
export function TotpEnrolGate({ status }: { status: AccountStatus }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ code: string }>();

  useEffect(() => {
    call('account.totpStart')
      .then(setSetup)
      .catch((error: unknown) => setFailure(errorText(error)));
  }, [errorText]);

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      setRecoveryCodes((await call('account.totpConfirm', { code })).recoveryCodes);
    } catch (error) {
      const field = error instanceof ApiError ? error.data.fields?.code : undefined;
      if (field) form.setFields([{ name: 'code', errors: [t(field)] }]);
      else setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <GateCard
      width={560}
      testId="totp-gate"
      title={
        <span>
          <SafetyOutlined /> {t('totp.title')}
        </span>
      }
    >
        {recoveryCodes ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon message={t('totp.recoveryTitle')} description={t('totp.recoveryHint')} />
            <Typography.Paragraph copyable={{ text: recoveryCodes.join('\n') }} style={{ fontFamily: 'monospace', fontSize: 16, columns: 2 }} data-testid="recovery-codes">
              {recoveryCodes.map((c) => (
                <div key={c}>{c}</div>
              ))}
            </Typography.Paragraph>
            <Button type="primary" onClick={() => void useAccount.getState().refresh()} data-testid="recovery-saved">
              {t('totp.recoverySaved')}
            </Button>
          </Space>
        ) : (
          <>
            <Typography.Paragraph>{t('totp.why', { name: status.account?.displayName ?? '' })}</Typography.Paragraph>
            {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} /> : null}
            {setup ? (
              <Space align="start" size={24}>
                <img src={setup.qr} alt={t('totp.qrAlt')} width={180} height={180} data-testid="totp-qr" />
                <Space direction="vertical">
                  <Typography.Text>{t('totp.scan')}</Typography.Text>
                  <Typography.Text type="secondary">{t('totp.orType')}</Typography.Text>
                  <Typography.Text code copyable data-testid="totp-secret">
                    {setup.secret}
                  </Typography.Text>
                  <Form form={form} layout="vertical" onFinish={(v) => void confirm(v)}>
                    <Form.Item name="code" label={t('totp.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('totp.sixDigits') }]}>
                      <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 160 }} autoFocus data-testid="totp-code" />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-confirm">
                      {t('totp.confirm')}
                    </Button>
                  </Form>
                </Space>
              </Space>
            ) : null}
          </>
        )}
    </GateCard>
  );
}
