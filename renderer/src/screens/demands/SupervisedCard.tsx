import { Alert, Button, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemRecord } from '../../../../shared/domain/problem';
import { call } from '../../api';
import { bridge } from '../../bridge';
import { formatDateTime } from '../../format';
import { useRoute } from '../../stores/route';
import { DemandLight } from './DemandLight';

/** The officer's home screen: demands a supervisor chased (督办), with the latest note, brought by a sync. */
export function SupervisedCard() {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  const [items, setItems] = useState<ProblemRecord[]>([]);
  useEffect(() => {
    const load = () => void call('demands.supervised').then(setItems, () => setItems([]));
    load();
    return bridge.on('sync.status', load);
  }, []);
  if (items.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="supervised"
      message={
        <Space>
          <Typography.Text strong>{t('demands.supervisedTitle')}</Typography.Text>
          <Typography.Text type="secondary">{t('demands.supervisedHint')}</Typography.Text>
        </Space>
      }
      description={
        <List
          size="small"
          dataSource={items}
          renderItem={(p) => {
            const note = p.supervision[p.supervision.length - 1]!;
            return (
              <List.Item
                data-testid={`supervised-${p.id}`}
                actions={[
                  <Button key="open" size="small" onClick={() => go({ name: 'firm', id: p.firmId })}>
                    {p.firmName}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <DemandLight problem={p} compact />
                      <Typography.Text>{p.description}</Typography.Text>
                    </Space>
                  }
                  description={t('demands.noteLine', { by: note.by, at: formatDateTime(note.at), note: note.note })}
                />
              </List.Item>
            );
          }}
        />
      }
    />
  );
}
