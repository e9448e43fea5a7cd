import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountStatus } from '../../../../shared/api/contract';
import { PASSWORD_MIN_KINDS, PASSWORD_MIN_LENGTH, passwordKinds } from '../../../../shared/domain/passwords/policy';
import { ApiError, call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';
import { useAccount } from '../../stores/account';
import { useLock } from '../../stores/lock';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** One rule of the new password, ticked while the officer types. */
function Rule({ met, text }: { met: boolean | null; text: string }) {
  return (
    <Typography.Text type={met === false ? 'danger' : met ? 'success' : 'secondary'}>
      {met ? <CheckCircleFilled /> : <CloseCircleOutlined />} {text}
    </Typography.Text>
  );
}

/** Current password, new password twice, the rules ticked while typing; the server decides (online). */
export function ChangePasswordForm({ username, onChanged }: { username: string; onChanged?: (status: AccountStatus) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const next = Form.useWatch('newPassword', form) ?? '';
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const typed = next.length > 0 ? true : null;

  const submit = async (values: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      const status = await call('account.changePassword', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      void useAccount.getState().refresh();
      void useLock.getState().refresh();
      void message.success(t('password.changed'));
      onChanged?.(status);
    } catch (error) {
      const fields = error instanceof ApiError ? error.data.fields : undefined;
      if (fields?.currentPassword || fields?.newPassword) {
        form.setFields([
          ...(fields.currentPassword ? [{ name: 'currentPassword' as const, errors: [t(fields.currentPassword)] }] : []),
          ...(fields.newPassword ? [{ name: 'newPassword' as const, errors: [t(fields.newPassword)] }] : []),
        ]);
      } else setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 420 }} data-testid="change-password-form">
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
        <Input.Password autoComplete="current-password" autoFocus data-testid="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('password.next')} rules={[{ required: true, message: t('validation.required') }]}>
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Space direction="vertical" size={2} style={{ marginBottom: 16 }} data-testid="password-rules">
        <Typography.Text type="secondary">{t('password.rules')}</Typography.Text>
        <Rule met={typed && [...next].length >= PASSWORD_MIN_LENGTH} text={t('password.rule_length')} />
        <Rule met={typed && passwordKinds(next) >= PASSWORD_MIN_KINDS} text={t('password.rule_kinds')} />
        <Rule met={typed && !(username.length >= 2 && next.toLowerCase().includes(username.toLowerCase()))} text={t('password.rule_username')} />
        <Typography.Text type="secondary">· {t('password.rule_history')}</Typography.Text>
      </Space>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('validation.required') },
          ({ getFieldValue }) => ({ validator: (_r, value: string) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="save-password">
        {t('password.submit')}
      </Button>
    </Form>
  );
}
