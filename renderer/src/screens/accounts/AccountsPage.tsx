import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Dropdown, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_ROLES, CHANGEABLE_ROLES, type AccountChangeRequest, type AccountSummary } from '../../../../shared/api/accounts';
import { COUNTIES, countyName } from '../../../../shared/domain/divisions';
import { call } from '../../api';
import { formatDateTime } from '../../format';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useErrorText } from '../../hooks/useErrorText';
import { useAccount } from '../../stores/account';

type Dialog = { kind: 'create' } | { kind: 'reset' | 'role' | 'scope'; account: AccountSummary } | null;
interface DialogForm {
  username?: string;
  displayName?: string;
  role?: AccountSummary['role'];
  wholeCity?: boolean;
  counties?: string[];
  password?: string;
}

/** An account's state in words: what an administrator acts on (locked out, disabled, a password to change). */
function StateTags({ account }: { account: AccountSummary }) {
  const { t } = useTranslation();
  const tags = [
    account.disabled ? <Tag key="d" color="default">{t('accounts.disabled')}</Tag> : <Tag key="a" color="green">{t('accounts.active')}</Tag>,
    account.locked ? <Tag key="l" color="red">{t('accounts.locked')}</Tag> : null,
    account.passwordChange === 'expired' ? <Tag key="e" color="orange">{t('accounts.expired')}</Tag> : account.passwordChange ? <Tag key="m" color="gold">{t('accounts.mustChange')}</Tag> : null,
  ];
  return <Space size={[0, 4]} wrap>{tags}</Space>;
}

/**
 * Administrators manage accounts here (online): every change goes through the server's own
 * rules — the same as its command line — and into the audit log. Changes that sign people
 * out or lock them out are confirmed first.
 */
export function AccountsPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const { busy, run } = useBusyAction();
  const self = useAccount((s) => s.status?.account?.username ?? null);
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [form] = Form.useForm<DialogForm>();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const countyOptions = COUNTIES.map((c) => ({ value: c.code, label: c[lang] }));
  const wholeCity = Form.useWatch('wholeCity', form);

  const load = useCallback(() => {
    setError(null);
    call('accounts.list')
      .then(setAccounts)
      .catch((e: unknown) => setError(errorText(e)));
  }, [errorText]);
  useEffect(load, [load]);

  const change = (username: string, request: AccountChangeRequest) =>
    run(async () => {
      await call('accounts.change', { username, request });
      void message.success(t('accounts.done'));
      load();
    });
  const confirmThen = (content: string, action: () => Promise<unknown>) =>
    modal.confirm({ title: t('accounts.title'), content, okText: t('review.confirmOk'), cancelText: t('accounts.cancel'), okButtonProps: { 'data-testid': 'confirm-account-change' } as never, onOk: action });

  const open = (next: Exclude<Dialog, null>) => {
    setDialogError(null);
    form.resetFields();
    if (next.kind === 'role') form.setFieldsValue({ role: next.account.role });
    if (next.kind === 'scope') form.setFieldsValue({ wholeCity: next.account.counties === null, counties: next.account.counties ?? [] });
    if (next.kind === 'create') form.setFieldsValue({ role: 'officer', wholeCity: false, counties: [] });
    setDialog(next);
  };
  const submitDialog = async () => {
    const v = await form.validateFields();
    const counties = v.wholeCity ? null : ((v.counties ?? []) as never);
    try {
      if (dialog?.kind === 'create') {
        await call('accounts.create', { username: v.username!.trim(), displayName: v.displayName!.trim(), role: v.role!, counties, password: v.password! });
        void message.success(t('accounts.created', { username: v.username }));
      } else if (dialog) {
        const username = dialog.account.username;
        const request: AccountChangeRequest = dialog.kind === 'reset' ? { change: 'resetPassword', password: v.password! } : dialog.kind === 'role' ? { change: 'role', role: v.role as (typeof CHANGEABLE_ROLES)[number] } : { change: 'scope', counties };
        await call('accounts.change', { username, request });
        void message.success(t('accounts.done'));
      }
      setDialog(null);
      load();
    } catch (e) {
      setDialogError(errorText(e)); // the dialog stays open with what was typed
    }
  };

  const roleOptions = (roles: readonly string[]) => roles.map((r) => ({ value: r, label: t(`account.roles.${r}`) }));
  const countiesText = (a: AccountSummary) => (a.counties === null ? t('accounts.wholeCity') : a.counties.length ? a.counties.map((c) => countyName(c, lang)).join('、') : t('accounts.noCounty'));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="accounts-page">
      <Card
        title={t('accounts.title')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={load} data-testid="accounts-refresh">
              {t('review.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ kind: 'create' })} data-testid="account-create">
              {t('accounts.create')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('accounts.intro')}
        </Typography.Paragraph>
        {error && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={error} data-testid="accounts-error" />}
      </Card>
      <Card size="small">
        <Table<AccountSummary>
          rowKey="username"
          size="small"
          loading={accounts === null && !error}
          dataSource={accounts ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 1040 }}
          expandable={{
            rowExpandable: (a) => a.devices.length > 0,
            expandedRowRender: (a) => (
              <Space direction="vertical" size={4} data-testid={`devices-${a.username}`}>
                {a.devices.map((d) => (
                  <Space key={d.id}>
                    <Typography.Text>{d.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('accounts.lastSeen')}：{formatDateTime(d.lastSeenAt ?? d.createdAt)}
                    </Typography.Text>
                    <Button size="small" danger onClick={() => confirmThen(t('accounts.confirmRevoke', { device: d.name }), () => change(a.username, { change: 'revokeDevice', deviceId: d.id }))} data-testid={`revoke-${d.id}`}>
                      {t('accounts.revoke')}
                    </Button>
                  </Space>
                ))}
              </Space>
            ),
          }}
          columns={[
            {
              title: t('accounts.username'),
              key: 'name',
              width: 180,
              render: (_, a) => (
                <span data-testid={`account-${a.username}`}>
                  <Typography.Text strong>{a.displayName}</Typography.Text> <Typography.Text type="secondary">{a.username}</Typography.Text>
                </span>
              ),
            },
            { title: t('accounts.role'), key: 'role', width: 90, render: (_, a) => <Tag color={a.role === 'auditor' ? 'purple' : a.role === 'admin' ? 'blue' : undefined}>{t(`account.roles.${a.role}`)}</Tag> },
            { title: t('accounts.counties'), key: 'counties', width: 170, render: (_, a) => countiesText(a) },
            { title: t('accounts.state'), key: 'state', width: 150, render: (_, a) => <StateTags account={a} /> },
            { title: t('accounts.lastSeen'), key: 'seen', width: 140, render: (_, a) => (a.lastSeenAt ? formatDateTime(a.lastSeenAt) : t('accounts.never')) },
            { title: t('accounts.devices'), key: 'devices', width: 90, render: (_, a) => a.devices.length || t('accounts.noDevices') },
            {
              title: '',
              key: 'actions',
              fixed: 'right',
              width: 230,
              render: (_, a) => {
                const own = a.username === self;
                return (
                  <Space size={4}>
                    {a.disabled ? (
                      <Button size="small" disabled={busy} onClick={() => void change(a.username, { change: 'enable' })} data-testid={`enable-${a.username}`}>
                        {t('accounts.enable')}
                      </Button>
                    ) : (
                      <Button size="small" danger disabled={busy || own} onClick={() => confirmThen(t('accounts.confirmDisable', { name: a.displayName }), () => change(a.username, { change: 'disable' }))} data-testid={`disable-${a.username}`}>
                        {t('accounts.disable')}
                      </Button>
                    )}
                    <Button size="small" disabled={busy} onClick={() => open({ kind: 'reset', account: a })} data-testid={`reset-${a.username}`}>
                      {t('accounts.reset')}
                    </Button>
                    <Dropdown
                      trigger={['click']}
                      menu={{
                        items: [
                          { key: 'scope', label: t('accounts.changeScope'), disabled: own, 'data-testid': `scope-${a.username}` } as never,
                          { key: 'role', label: t('accounts.changeRole'), disabled: own || a.role === 'auditor' },
                          { key: 'unlock', label: t('accounts.unlock'), disabled: !a.locked },
                          { key: 'totp', label: t('accounts.resetTotp'), disabled: !a.totp },
                        ],
                        onClick: ({ key }) => {
                          if (key === 'scope' || key === 'role') open({ kind: key, account: a });
                          if (key === 'unlock') void change(a.username, { change: 'unlock' });
                          if (key === 'totp') confirmThen(t('accounts.confirmResetTotp', { name: a.displayName }), () => change(a.username, { change: 'resetTotp' }));
                        },
                      }}
                    >
                      <Button size="small" data-testid={`more-${a.username}`}>
                        …
                      </Button>
                    </Dropdown>
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'create' ? t('accounts.create') : dialog ? `${t(dialog.kind === 'reset' ? 'accounts.reset' : dialog.kind === 'role' ? 'accounts.changeRole' : 'accounts.changeScope')} · ${dialog.account.displayName}` : ''}
        okText={t('accounts.save')}
        cancelText={t('accounts.cancel')}
        onOk={() => void submitDialog()}
        onCancel={() => setDialog(null)}
        okButtonProps={{ 'data-testid': 'account-dialog-ok' } as never}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark={false} onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT' && void submitDialog()}>
          {dialog?.kind === 'create' && (
            <>
              <Form.Item name="username" label={t('accounts.username')} rules={[{ required: true, pattern: /^[a-z0-9._-]{2,40}$/i, message: t('accounts.rule.username') }]}>
                <Input autoFocus autoComplete="off" data-testid="account-username" />
              </Form.Item>
              <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true, whitespace: true, max: 40, message: t('validation.required') }]}>
                <Input autoComplete="off" data-testid="account-display-name" />
              </Form.Item>
            </>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'role') && (
            <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true }]}>
              <Select options={roleOptions(dialog.kind === 'create' ? ACCOUNT_ROLES : CHANGEABLE_ROLES)} data-testid="account-role" />
            </Form.Item>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'scope') && (
            <>
              <Form.Item name="wholeCity" valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox data-testid="account-whole-city">{t('accounts.wholeCity')}</Checkbox>
              </Form.Item>
              {!wholeCity && (
                <Form.Item name="counties" label={t('accounts.counties')}>
                  <Select mode="multiple" allowClear options={countyOptions} optionFilterProp="label" placeholder={t('accounts.noCounty')} data-testid="account-counties" />
                </Form.Item>
              )}
            </>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'reset') && (
            <Form.Item name="password" label={t('accounts.password')} extra={t('accounts.passwordHint')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input.Password autoComplete="new-password" data-testid="account-password" />
            </Form.Item>
          )}
          {dialogError && <Alert type="error" showIcon message={dialogError} data-testid="account-dialog-error" />}
        </Form>
      </Modal>
    </Space>
  );
}
