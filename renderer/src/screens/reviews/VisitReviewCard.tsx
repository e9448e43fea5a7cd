import { CheckOutlined, QuestionCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/api/contract';
import type { ReviewVerdict } from '../../../../shared/domain/review';
import { call } from '../../api';
import { formatDateTime } from '../../format';
import { useErrorText } from '../../hooks/useErrorText';
import { useAccount } from '../../stores/account';
import { decisionReasonText } from '../review/decision-text';
import { REVIEW_COLOR } from './review-text';

type Reviews = MethodOutput<'reviews.of'>;

/**
 * 审核 on the visit: its state (待审核, 已通过, 退回·需修改, 存疑, 已修改待复核), the latest word and
 * every review before it; a supervisor or administrator reviews here — offline too (queued and sent
 * with the next sync). The officer whose visit was returned reads why, and amends it from this page.
 */
export function VisitReviewCard({ visitId, label, refreshKey }: { visitId: string; label: string; refreshKey: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const role = useAccount((s) => s.status?.account?.role);
  const [data, setData] = useState<Reviews | null>(null);
  const [verdict, setVerdict] = useState<ReviewVerdict | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ comment: string }>();
  const load = useCallback(() => {
    call('reviews.of', { visitId }).then(setData, () => setData(null));
  }, [visitId]);
  useEffect(load, [load, refreshKey]);
  if (!data || data.state === null) return null;
  const reviews = role === 'supervisor' || role === 'admin';
  if (!reviews && data.reviews.length === 0) return null;
  const latest = data.reviews.find((r) => !r.waiting) ?? null;
  const waiting = data.reviews.find((r) => r.waiting) ?? null;
  const submit = async ({ comment }: { comment: string }) => {
    if (!verdict) return;
    setBusy(true);
    try {
      const queued = await call('reviews.review', { visitId, verdict, comment: comment?.trim() ?? '', label: `${label} · ${t(`reviewVerdict.${verdict}`)}` });
      if (queued.state === 'pending') void message.info(t('reviews.queued'));
      else if (queued.state === 'rejected') void message.error(t('review.rejectedBecause', { reason: decisionReasonText(t, queued.result) }));
      else void message.success(t('reviews.done', { verdict: t(`reviewVerdict.${verdict}`) }));
      setVerdict(null);
      load();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const needsWord = data.state === 'returned' || data.state === 'queried';
  return (
    <Card
      size="small"
      data-testid="visit-review"
      data-state={data.state}
      title={
        <Space>
          {t('reviews.title')}
          <Tag color={REVIEW_COLOR[data.state]} data-testid="review-state">
            {t(`reviewState.${data.state}`)}
          </Tag>
          {waiting ? <Tag color="gold" data-testid="review-waiting">{t('reviews.waiting', { verdict: t(`reviewVerdict.${waiting.verdict}`) })}</Tag> : null}
        </Space>
      }
      extra={
        reviews ? (
          <Space>
            <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setVerdict('pass')} data-testid="review-pass">
              {t('reviewVerdict.pass')}
            </Button>
            <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setVerdict('return')} data-testid="review-return">
              {t('reviewVerdict.return')}
            </Button>
            <Button size="small" icon={<QuestionCircleOutlined />} onClick={() => setVerdict('query')} data-testid="review-query">
              {t('reviewVerdict.query')}
            </Button>
          </Space>
        ) : null
      }
    >
      {needsWord && latest ? (
        <Alert
          type={data.state === 'returned' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="review-comment"
          message={t(data.state === 'returned' ? 'reviews.returnedBy' : 'reviews.queriedBy', { by: latest.reviewer, at: formatDateTime(latest.reviewedAt) })}
          description={
            <>
              <div>{latest.comment}</div>
              {!reviews ? <Typography.Text type="secondary">{t('reviews.amendHint')}</Typography.Text> : null}
            </>
          }
        />
      ) : null}
      {data.state === 'amended' ? <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('reviews.amendedHint', { revision: data.revision })} /> : null}
      <List
        size="small"
        dataSource={data.reviews}
        locale={{ emptyText: t('reviews.none') }}
        data-testid="review-history"
        renderItem={(r) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color={r.verdict === 'pass' ? 'green' : r.verdict === 'return' ? 'red' : 'orange'}>{t(`reviewVerdict.${r.verdict}`)}</Tag>
                  <span>{t('reviews.line', { by: r.reviewer, at: formatDateTime(r.reviewedAt), revision: r.revision })}</span>
                  {r.waiting ? <Tag color="gold">{t('reviews.notSent')}</Tag> : null}
                </Space>
              }
              description={
                <>
                  {r.comment ? <div>{r.comment}</div> : null}
                  {r.replaced ? <Typography.Text type="secondary">{t('reviews.replaced', { by: r.replaced.by, at: formatDateTime(r.replaced.at), verdict: t(`reviewVerdict.${r.replaced.outcome}`, { defaultValue: r.replaced.outcome }) })}</Typography.Text> : null}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={verdict !== null}
        title={verdict ? `${t(`reviewVerdict.${verdict}`)} · ${label}` : ''}
        onCancel={() => setVerdict(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'review-ok' } as never}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} name="review" layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
          <Form.Item
            name="comment"
            label={t(verdict === 'pass' ? 'reviews.remark' : 'reviews.why')}
            extra={verdict === 'pass' ? undefined : t('reviews.whyHint')}
            rules={verdict === 'pass' ? [{ max: 500 }] : [{ required: true, whitespace: true, min: 2, max: 500, message: t('validation.reviewComment') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="review-comment-input" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
