import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/api/contract';
import { countyName } from '../../../shared/domain/divisions';
import { call } from '../api';
import { formatDateTime } from '../format';
import { useBusyAction } from '../hooks/useBusyAction';
import { useErrorText } from '../hooks/useErrorText';
import type { QueuedDecisionView } from '../../../shared/api/decisions';
import { QueuedDecisionsCard } from './review/QueuedDecisionsCard';
import { decisionReasonText, replacedText } from './review/decision-text';

type Review = MethodOutput<'review.list'>;

/** A register value as a person reads it: text, a list, or contacts/certificates one per line. */
function ValueText({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <Space direction="vertical" size={0}>
        {value.map((v, i) => (
          <span key={i}>{typeof v === 'object' && v ? Object.values(v as Record<string, unknown>).filter((x) => x !== '' && x !== undefined).join(' · ') : String(v)}</span>
        ))}
      </Space>
    );
  }
  return <span>{value === null || value === undefined || value === '' ? '—' : String(value)}</span>;
}

/** Supervisors and admins decide what officers sent from the field: new firms, conflicting edits, tier requests. */
export function ReviewPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const { busy, run } = useBusyAction();
  // The tier request being declined: its reason is asked for first (the officer who asked reads it).
  // What is being refused — a tier request or a proposed firm: its reason is asked for first (the officer reads it).
  const [declining, setDeclining] = useState<{ kind: 'tier' | 'firm'; id: string; firmName: string; label: string } | null>(null);
  const [declineForm] = Form.useForm<{ note: string }>();
  const [review, setReview] = useState<Review | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'zh';

  const load = useCallback(() => {
    setError(null);
    call('review.list')
      .then(setReview)
      .catch((e: unknown) => setError(errorText(e)));
  }, [errorText]);
  useEffect(load, [load]);

  const [queuedRefresh, setQueuedRefresh] = useState(0);
  // Sent at once when online; offline it waits in the queue below and the sync sends it.
  const act = (action: () => Promise<QueuedDecisionView>, done: string) =>
    run(async () => {
      const decision = await action();
      if (decision.state === 'pending') void message.info(t('review.queuedOffline'));
      else if (decision.state === 'rejected') void message.error(t('review.rejectedBecause', { reason: decisionReasonText(t, decision.result) }));
      else {
        void message.success(done);
        const replaced = replacedText(t, decision.result);
        if (replaced) void message.warning(replaced, 8);
      }
      setQueuedRefresh((n) => n + 1);
      load();
    });
  // Every decision here reaches the officers' laptops: each is confirmed before it is sent.
  const confirmThen = (title: string, content: string, action: () => Promise<QueuedDecisionView>, done: string) =>
    modal.confirm({ title, content, okText: t('review.confirmOk'), cancelText: t('review.confirmCancel'), okButtonProps: { 'data-testid': 'confirm-decision' } as never, cancelButtonProps: { 'data-testid': 'cancel-decision' } as never, onOk: () => act(action, done) });

  const fieldName = (field: string) => (i18n.exists(`register.fields.${field}`) ? t(`register.fields.${field}`) : field);
  const tierValue = (field: string, value: string) => (value === 'none' ? t('common.none') : t(field === 'keyTier' ? `keyTier.${value}` : `zjtx.${value}`));
  const tierLabel = (r: Review['tierRequests'][number], decision: string) => t('review.label.tier', { name: r.firmName, change: `${tierValue(r.field, r.from)} → ${tierValue(r.field, r.to)}`, decision });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="review-page">
      <Card
        title={t('review.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={load} data-testid="review-refresh">
            {t('review.refresh')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('review.help')}
        </Typography.Paragraph>
        {error && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={error} data-testid="review-error" />}
        {review?.asOf && <Alert type="info" showIcon style={{ marginTop: 12 }} message={t('review.offlineList', { time: formatDateTime(review.asOf) })} data-testid="review-offline" />}
      </Card>
      <QueuedDecisionsCard refresh={queuedRefresh} />
      {review && (
        <>
          <Card title={t('review.proposedTitle', { count: review.proposed.length })} size="small" data-testid="review-proposed">
            {review.proposed.length === 0 ? (
              <Empty description={t('review.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={review.proposed}
                columns={[
                  { title: t('review.firm'), render: (_: unknown, p) => String(p.data.name ?? p.id) },
                  { title: t('firms.creditCode'), render: (_: unknown, p) => String(p.data.creditCode ?? '') },
                  { title: t('review.county'), render: (_: unknown, p) => countyName(p.county_code, lang) },
                  { title: t('firms.address'), render: (_: unknown, p) => String(p.data.address ?? '') },
                  {
                    width: 220,
                    render: (_: unknown, p) => {
                      const name = String(p.data.name ?? p.id);
                      return (
                        <Space>
                          <Button type="primary" size="small" loading={busy} onClick={() => confirmThen(t('review.confirmAccept', { name }), t('review.confirmAcceptHint'), () => call('review.acceptFirm', { firmId: p.id, label: t('review.label.accept', { name }) }), t('review.accepted'))} data-testid={`accept-${p.id}`}>
                            {t('review.accept')}
                          </Button>
                          <Button size="small" loading={busy} onClick={() => {
                              declineForm.resetFields();
                              setDeclining({ kind: 'firm', id: p.id, firmName: name, label: t('review.label.reject', { name }) });
                            }} data-testid={`reject-${p.id}`}>
                            {t('review.reject')}
                          </Button>
                        </Space>
                      );
                    },
                  },
                ]}
              />
            )}
          </Card>
          <Card title={t('review.conflictsTitle', { count: review.conflicts.length })} size="small" data-testid="review-conflicts">
            {review.conflicts.length === 0 ? (
              <Empty description={t('review.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={review.conflicts}
                columns={[
                  { title: t('review.firm'), render: (_: unknown, c) => c.firm_name ?? c.firm_id },
                  { title: t('review.field'), render: (_: unknown, c) => fieldName(c.field) },
                  { title: t('review.registerValue'), render: (_: unknown, c) => <ValueText value={c.register_value} /> },
                  { title: t('review.proposedValue'), render: (_: unknown, c) => <ValueText value={c.proposed_value} /> },
                  {
                    width: 230,
                    render: (_: unknown, c) => (
                      <Space>
                        <Button size="small" loading={busy} onClick={() => confirmThen(t('review.confirmKeepRegister', { field: fieldName(c.field) }), t('review.confirmResolveHint'), () => call('review.resolveConflict', { id: c.id, keep: 'register', label: t('review.label.keep', { name: c.firm_name ?? c.firm_id, field: fieldName(c.field), choice: t('review.keepRegister') }) }), t('review.resolved'))} data-testid={`keep-register-${c.id}`}>
                          {t('review.keepRegister')}
                        </Button>
                        <Button size="small" type="primary" loading={busy} onClick={() => confirmThen(t('review.confirmKeepProposed', { field: fieldName(c.field) }), t('review.confirmResolveHint'), () => call('review.resolveConflict', { id: c.id, keep: 'proposed', label: t('review.label.keep', { name: c.firm_name ?? c.firm_id, field: fieldName(c.field), choice: t('review.keepProposed') }) }), t('review.resolved'))} data-testid={`keep-proposed-${c.id}`}>
                          {t('review.keepProposed')}
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            )}
          </Card>
          <Card title={t('review.tierTitle', { count: review.tierRequests.length })} size="small" data-testid="review-tiers">
            {review.tierRequests.length === 0 ? (
              <Empty description={t('review.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={review.tierRequests}
                columns={[
                  { title: t('review.firm'), dataIndex: 'firmName' },
                  { title: t('tier.field'), render: (_: unknown, r) => (r.field === 'keyTier' ? t('firms.keyTier') : t('firms.zjtx')) },
                  { title: t('tier.to'), render: (_: unknown, r) => `${tierValue(r.field, r.from)} → ${tierValue(r.field, r.to)}` },
                  { title: t('tier.reason'), dataIndex: 'reason' },
                  { title: t('review.proposedBy'), render: (_: unknown, r) => `${r.proposedBy} · ${formatDateTime(r.proposedAt)}` },
                  {
                    width: 170,
                    render: (_: unknown, r) => (
                      <Space>
                        <Button size="small" type="primary" loading={busy} onClick={() => confirmThen(t('review.confirmApprove', { name: r.firmName }), t('review.confirmApproveHint'), () => call('review.decideTier', { id: r.id, accept: true, label: tierLabel(r, t('review.approve')) }), t('review.approved'))} data-testid={`approve-${r.id}`}>
                          {t('review.approve')}
                        </Button>
                        <Button size="small" loading={busy} onClick={() => {
                            declineForm.resetFields();
                            setDeclining({ kind: 'tier', id: r.id, firmName: r.firmName, label: tierLabel(r, t('review.decline')) });
                          }} data-testid={`decline-${r.id}`}>
                          {t('review.decline')}
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </>
      )}
      <Modal
        open={declining !== null}
        title={t(declining?.kind === 'firm' ? 'review.rejectTitle' : 'review.declineTitle', { name: declining?.firmName ?? '' })}
        okText={t('review.decline')}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'decline-submit' } as never}
        cancelText={t('review.confirmCancel')}
        onCancel={() => setDeclining(null)}
        onOk={() => declineForm.submit()}
        destroyOnHidden
      >
        <Form
          form={declineForm}
          layout="vertical"
          onFinish={({ note }) => {
            const { kind, id, label } = declining!;
            setDeclining(null);
            if (kind === 'firm') void act(() => call('review.rejectFirm', { firmId: id, note, label }), t('review.rejected'));
            else void act(() => call('review.decideTier', { id, accept: false, note, label }), t('review.declined'));
          }}
        >
          <Form.Item name="note" label={t('review.declineReason')} extra={t('review.declineReasonHint')} rules={[{ required: true, whitespace: true, message: t('validation.declineReason') }, { min: 2, message: t('validation.declineReason') }, { max: 200, message: t('validation.tooLong') }]}>
            <Input.TextArea rows={3} maxLength={200} showCount autoFocus data-testid="decline-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
