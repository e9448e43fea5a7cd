import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CERTIFICATE_WARNING_DAYS, type ExpiringCertificates } from '../../../shared/domain/certificates';
import { call } from '../api';
import { bridge } from '../bridge';
import { useErrorText } from '../hooks/useErrorText';
import { useRoute } from '../stores/route';

/**
 * Green-product certificates of the officer's firms that expire soon (or expired lately):
 * on the home screen and under "my open problems", so a renewal is raised in time. Shows
 * nothing while there is nothing to act on, except the window chooser's single line.
 */
export function ExpiringCertificatesCard({ testId }: { testId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { go } = useRoute();
  const [data, setData] = useState<ExpiringCertificates | null>(null);
  useEffect(() => {
    const load = () => call('certificates.expiring', {}).then(setData).catch((error: unknown) => void message.error(errorText(error)));
    void load();
    // A directory pull may bring renewed certificates.
    return bridge.on('directory.changed', () => void load());
  }, [message, errorText]);
  if (!data) return null;
  const choose = (days: (typeof CERTIFICATE_WARNING_DAYS)[number]) => call('certificates.setWarningDays', { days }).then(setData).catch((error: unknown) => void message.error(errorText(error)));
  const expired = data.items.filter((c) => c.daysLeft < 0).length;
  return (
    <Card
      size="small"
      data-testid={testId}
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('certificates.title', { count: data.items.length - expired })}
          {expired > 0 && <Tag color="red">{t('certificates.expiredCount', { count: expired })}</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Typography.Text type="secondary">{t('certificates.window')}</Typography.Text>
          <Select size="small" value={data.withinDays as (typeof CERTIFICATE_WARNING_DAYS)[number]} onChange={choose} aria-label={t('certificates.window')} data-testid={`${testId}-window`} style={{ width: 100 }}
            options={CERTIFICATE_WARNING_DAYS.map((d) => ({ value: d, label: t('certificates.days', { count: d }) }))} />
        </Space>
      }
    >
      {data.items.length === 0 ? (
        <Typography.Text type="secondary">{t('certificates.none', { count: data.withinDays })}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey={(c) => `${c.firmId}/${c.product}/${c.certificateNo}`}
          dataSource={data.items}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          columns={[
            { title: t('problems.firm'), dataIndex: 'firmName', render: (name: string, c) => <Typography.Link onClick={() => go({ name: 'firm', id: c.firmId })}>{name}</Typography.Link> },
            { title: t('survey.product'), dataIndex: 'product' },
            { title: t('survey.starLevel'), dataIndex: 'starLevel', width: 80, render: (n: number) => '★'.repeat(n) },
            { title: t('firms.certNo'), dataIndex: 'certificateNo' },
            { title: t('firms.certValidUntil'), dataIndex: 'validUntil', width: 110 },
            {
              title: t('certificates.left'),
              dataIndex: 'daysLeft',
              width: 110,
              render: (d: number) => (d < 0 ? <Tag color="red">{t('certificates.expiredAgo', { count: -d })}</Tag> : <Tag color={d <= 30 ? 'orange' : 'gold'}>{t('certificates.daysLeft', { count: d })}</Tag>),
            },
          ]}
        />
      )}
    </Card>
  );
}
