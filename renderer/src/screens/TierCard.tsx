import { Alert, App, Button, Card, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TierChange } from '../../../shared/api/key-firms';
import type { QueuedDecisionView, ReceivedDecision } from '../../../shared/api/decisions';
import { decisionReasonText } from './review/decision-text';
import { KEY_TIERS, ZJTX_LEVELS, type Firm } from '../../../shared/domain/firm';
import { call } from '../api';
import { formatDateTime } from '../format';
import { useErrorText } from '../hooks/useErrorText';
import { useAccount } from '../stores/account';

const STATUS_COLOR = { proposed: 'orange', applied: 'green', declined: 'default' } as const;

/**
 * The firm's place on the key-firm list (重点培育企业动态管理), online: its history of
 * tier and 专精特新 changes, and a change — asked for by an officer, made by a
 * supervisor or administrator.
 */
export function TierCard({ firm, onChanged }: { firm: Firm; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const role = useAccount((s) => s.status?.account?.role);
  const [history, setHistory] = useState<TierChange[] | null>(null);
  const [offline, setOffline] = useState(false);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ field: 'keyTier' | 'zjtxLevel'; to: string; reason: string }>();
  const field = Form.useWatch('field', form) ?? 'keyTier';

  const inRegister = !!role && firm.registerState !== 'local';
  const [received, setReceived] = useState<ReceivedDecision[]>([]);
  const [waiting, setWaiting] = useState<QueuedDecisionView[]>([]);
  const load = useCallback(() => {
    if (!inRegister) return;
    call('firms.tierHistory', { firmId: firm.id })
      .then((h) => {
        setHistory(h);
        setOffline(false);
      })
      .catch(() => setOffline(true));
    // What reached this laptop with the sync: readable offline too.
    call('firms.decisions', { firmId: firm.id }).then(setReceived, () => setReceived([]));
    // Requests made here that have not reached the server yet (offline), or that it refused.
    call('review.queued').then((q) => setWaiting(q.filter((d) => d.kind === 'tier.request' && d.subject === firm.id && d.state !== 'done')), () => setWaiting([]));
  }, [firm.id, inRegister]);
  useEffect(load, [load]);

  const decides = role === 'supervisor' || role === 'admin';
  const value = (f: string, v: string) => (v === 'none' ? t('common.none') : t(f === 'keyTier' ? `keyTier.${v}` : `zjtx.${v}`));
  const submit = async (values: { field: 'keyTier' | 'zjtxLevel'; to: string; reason: string }) => {
    setBusy(true);
    try {
      const label = `${firm.name} · ${values.field === 'keyTier' ? t('firms.keyTier') : t('firms.zjtx')}：${value(values.field, firm[values.field])} → ${value(values.field, values.to)}`;
      const queued = await call('firms.requestTier', { firmId: firm.id, ...values, label });
      // Online it is sent at once; offline it waits on this laptop and goes with the next sync.
      if (queued.state === 'pending') void message.info(t('tier.queued'));
      else if (queued.state === 'rejected') void message.error(t('review.rejectedBecause', { reason: decisionReasonText(t, queued.result) }));
      else void message.success(decides ? t('tier.changed') : t('tier.requested'));
      setOpen(false);
      form.resetFields();
      load();
      onChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  if (!inRegister) return null;
  return (
    <Card
      title={t('tier.title')}
      size="small"
      data-testid="tier-card"
      extra={
        <Button size="small" onClick={() => setOpen(true)} data-testid="tier-request">
          {decides ? t('tier.change') : t('tier.request')}
        </Button>
      }
    >
      {offline && <Alert type="info" showIcon message={t('tier.offline')} />}
      {waiting.map((d) => (
        <Alert
          key={d.id}
          type={d.state === 'rejected' ? 'error' : 'info'}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid={`tier-queued-${d.state}`}
          message={`${d.label} · ${t(`review.state.${d.state}`)}`}
          description={d.state === 'rejected' ? decisionReasonText(t, d.result) : t('tier.queuedHint')}
        />
      ))}
      {offline && received.some((d) => d.kind === 'tier.decide') && (
        <List
          size="small"
          header={t('tier.receivedTitle')}
          data-testid="tier-received"
          dataSource={received.filter((d) => d.kind === 'tier.decide')}
          renderItem={(d) => (
            <List.Item>
              <Typography.Text>
                {formatDateTime(d.decidedAt)} · {t('tier.decidedBy', { name: d.decidedBy })} · <Tag color={d.outcome === 'accepted' ? 'green' : 'default'}>{t(d.outcome === 'accepted' ? 'tier.status.applied' : 'tier.status.declined')}</Tag>
                {d.note ? <Typography.Text type="danger">{t('tier.declinedBecause', { note: d.note })}</Typography.Text> : null}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      {history && (
        <List
          size="small"
          data-testid="tier-history"
          locale={{ emptyText: t('tier.noHistory') }}
          dataSource={history}
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <Typography.Text>
                  {formatDateTime(c.decidedAt ?? c.proposedAt)} · {c.field === 'keyTier' ? t('firms.keyTier') : t('firms.zjtx')}：{value(c.field, c.from)} → {value(c.field, c.to)} · {c.reason}
                </Typography.Text>
                {c.status === 'declined' && c.decisionNote ? (
                  <Typography.Text type="danger" data-testid={`tier-declined-${c.id}`}>
                    {t('tier.declinedBecause', { note: c.decisionNote })}
                  </Typography.Text>
                ) : null}
              </Space>
              <span>
                <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                  {c.decidedBy ? t('tier.who', { proposedBy: c.proposedBy, decidedBy: c.decidedBy }) : t('tier.whoPending', { proposedBy: c.proposedBy })}
                </Typography.Text>
                <Tag color={STATUS_COLOR[c.status]}>{t(`tier.status.${c.status}`)}</Tag>
              </span>
            </List.Item>
          )}
        />
      )}
      <Modal open={open} title={decides ? t('tier.change') : t('tier.request')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('tier.submit')} confirmLoading={busy} okButtonProps={{ 'data-testid': 'tier-submit' } as never}>
        <Form form={form} layout="vertical" initialValues={{ field: 'keyTier' }} onFinish={(v) => void submit(v)}>
          <Form.Item name="field" label={t('tier.field')}>
            <Select
              id="tier-field"
              options={[
                { value: 'keyTier', label: t('firms.keyTier') },
                { value: 'zjtxLevel', label: t('firms.zjtx') },
              ]}
              onChange={() => form.setFieldValue('to', undefined)}
            />
          </Form.Item>
          <Form.Item name="to" label={t('tier.to')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select id="tier-to" options={(field === 'keyTier' ? KEY_TIERS : ZJTX_LEVELS).filter((v) => v !== firm[field]).map((v) => ({ value: v, label: value(field, v) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('tier.reason')} rules={[{ required: true, min: 2, message: t('validation.required') }]}>
            <Input.TextArea id="tier-reason" rows={3} maxLength={500} placeholder={t('tier.reasonPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
