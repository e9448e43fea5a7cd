import { Alert, Button, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/api/contract';
import { call } from '../../api';
import { bridge } from '../../bridge';
import { formatDateTime } from '../../format';
import { useRoute } from '../../stores/route';
import { REVIEW_COLOR } from './review-text';

/** The officer's home screen: visits a supervisor returned or queried, with what they said, read after a sync — no phone call. */
export function ToReviseCard() {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  const [items, setItems] = useState<MethodOutput<'reviews.toRevise'>>([]);
  useEffect(() => {
    const load = () => void call('reviews.toRevise').then(setItems, () => setItems([]));
    load();
    // A sync may bring a review: the list follows without a reload.
    return bridge.on('sync.status', load);
  }, []);
  if (items.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="to-revise"
      message={
        <Space>
          <Typography.Text strong>{t('reviews.toReviseTitle')}</Typography.Text>
          <Typography.Text type="secondary">{t('reviews.toReviseIntro')}</Typography.Text>
        </Space>
      }
      description={
        <List
          size="small"
          dataSource={items}
          renderItem={(v) => (
            <List.Item
              actions={[
                <Button key="open" size="small" onClick={() => go({ name: 'visit', id: v.visitId })} data-testid={`revise-${v.visitId}`}>
                  {t('reviews.open')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag color={REVIEW_COLOR[v.state]}>{t(`reviewState.${v.state}`)}</Tag>
                    <Typography.Text strong>{v.firmName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t(`visitKind.${v.kind}`)} {v.visitDate ?? ''}
                    </Typography.Text>
                  </Space>
                }
                description={`${v.reviewer} · ${formatDateTime(v.reviewedAt)}：${v.comment ?? ''}`}
              />
            </List.Item>
          )}
        />
      }
    />
  );
}
