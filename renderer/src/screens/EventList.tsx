import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitSummary } from '../../../shared/domain/visit';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { call } from '../api';
import { bridge } from '../bridge';
import { VisitStatusTags } from '../components/VisitStatusTags';
import { useErrorText } from '../hooks/useErrorText';
import { useRoute } from '../stores/route';

/**
 * The officer's events (活动), newest first: forums, coaching, exchange meetings, trips.
 * An event is kept and synced like a visit; a new one starts from here, not from a firm.
 */
export function EventList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const [rows, setRows] = useState<VisitSummary[] | null>(null);
  const load = useCallback(() => {
    call('visits.list', { kind: 'event', limit: 500 }).then(
      (page) => setRows(page.items),
      (error: unknown) => void message.error(errorText(error)),
    );
  }, [message, errorText]);
  useEffect(() => {
    load();
    return bridge.on('visits.changed', load);
  }, [load]);
  const start = () => go({ name: 'visit', id: uuidv7(), newFor: { firmId: null, kind: 'event' } });

  return (
    <Card
      title={t('event.listTitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={start} data-testid="new-event">
          {t('event.new')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('event.listHint')}</Typography.Paragraph>
      <Table<VisitSummary>
        rowKey="id"
        size="middle"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('event.none')} /> }}
        onRow={(v) => ({ onClick: () => go({ name: 'visit', id: v.id }), style: { cursor: 'pointer' }, 'data-testid': `event-row-${v.id}` }) as never}
        columns={[
          { title: t('event.date'), dataIndex: 'visitDate', width: 120 },
          { title: t('event.title'), dataIndex: 'firmName', render: (name: string) => name || t('event.newTitle') },
          { title: '', key: 'state', width: 260, render: (_, v) => <Space><VisitStatusTags visit={v} /></Space> },
        ]}
      />
    </Card>
  );
}
