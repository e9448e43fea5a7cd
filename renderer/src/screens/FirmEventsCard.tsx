import { Card, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FirmEvent } from '../../../shared/domain/events';
import { call } from '../api';
import { useRoute } from '../stores/route';

/** The events (活动) the firm was invited to, whether it came, and what was taken up there; nothing when there are none. */
export function FirmEventsCard({ firmId }: { firmId: string }) {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  const [events, setEvents] = useState<FirmEvent[]>([]);
  useEffect(() => {
    void call('firms.events', { firmId }).then(setEvents).catch(() => setEvents([]));
  }, [firmId]);
  if (events.length === 0) return null;
  return (
    <Card title={t('event.firmEvents')} size="small" data-testid="firm-events">
      <List
        size="small"
        dataSource={events}
        renderItem={(e) => (
          <List.Item onClick={() => go({ name: 'visit', id: e.visitId })} style={{ cursor: 'pointer' }} data-testid={`firm-event-${e.visitId}`}>
            <Space wrap>
              <Typography.Text strong>{e.date}</Typography.Text>
              <Tag color="blue">{t(`eventKind.${e.kind}`)}</Tag>
              <Typography.Link>{e.title}</Typography.Link>
              <Typography.Text type="secondary">{e.place}</Typography.Text>
              {e.attended ? <Tag color="green">{t('event.attended')}</Tag> : <Tag>{t('event.absent')}</Tag>}
              {e.banks.length > 0 && <span>{t('event.banks')}：{e.banks.join(t('common.listSeparator'))}</span>}
              {e.problemsTakenUp > 0 && <Tag color="gold">{t('event.problemsTakenUp', { count: e.problemsTakenUp })}</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
