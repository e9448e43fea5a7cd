import { Button, Card, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueuedDecisionView } from '../../../../shared/api/decisions';
import { call } from '../../api';
import { bridge } from '../../bridge';
import { formatDateTime } from '../../format';
import { useBusyAction } from '../../hooks/useBusyAction';
import { decisionReasonText, replacedText } from './decision-text';

const STATE_COLOR = { pending: 'orange', done: 'green', rejected: 'red' } as const;

/** The decisions made on this laptop: those waiting to be sent (offline), and the server's answer to each sent one. */
export function QueuedDecisionsCard({ refresh }: { refresh: number }) {
  const { t } = useTranslation();
  const { busy, run } = useBusyAction();
  const [again, setAgain] = useState(0);
  const [items, setItems] = useState<QueuedDecisionView[] | null>(null);
  useEffect(() => {
    const load = () => void call('review.queued').then(setItems, () => setItems([]));
    load();
    // A sync sends what waits: the states change without the supervisor doing anything.
    const stop = [bridge.on('directory.changed', load), bridge.on('sync.status', load)];
    return () => stop.forEach((off) => off());
  }, [refresh, again]);
  const waiting = items?.filter((d) => d.state === 'pending').length ?? 0;
  if (!items || items.length === 0) return null; // nothing decided on this laptop yet: no empty card above the work
  return (
    <Card title={t('review.queuedTitle', { count: waiting })} size="small" data-testid="review-queued">
      <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={items}
          columns={[
            { title: t('review.queuedAt'), width: 150, render: (_: unknown, d) => formatDateTime(d.createdAt) },
            { title: t('review.queuedWhat'), dataIndex: 'label' },
            {
              title: t('review.queuedState'),
              width: 330,
              render: (_: unknown, d) => (
                <span data-testid={`queued-state-${d.id}`} data-state={d.state}>
                  <Tag color={STATE_COLOR[d.state]}>{t(`review.state.${d.state}`)}</Tag>
                  {d.state === 'rejected' && <Typography.Text type="danger">{decisionReasonText(t, d.result)}</Typography.Text>}
                  {d.state === 'rejected' && (
                    <Button size="small" type="link" loading={busy} onClick={() => void run(async () => { await call('review.resend', { id: d.id }); setAgain((n) => n + 1); })} data-testid={`resend-${d.id}`}>
                      {t('review.resend')}
                    </Button>
                  )}
                  {d.state === 'done' && replacedText(t, d.result) && <Typography.Text type="warning">{replacedText(t, d.result)}</Typography.Text>}
                </span>
              ),
            },
          ]}
      />
    </Card>
  );
}
