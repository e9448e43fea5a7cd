import { FormOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countyName } from '../../../shared/domain/divisions';
import type { FirmSummary } from '../../../shared/domain/firm';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { call } from '../api';
import { useErrorText } from '../hooks/useErrorText';
import { useRoute } from '../stores/route';

const PAGE_SIZE = 20;

export function FirmList() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: FirmSummary[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    setLoading(true);
    const timer = setTimeout(() => {
      call('firms.search', { query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
        .then((result) => current && setData(result))
        .catch((error: unknown) => void message.error(errorText(error)))
        .finally(() => current && setLoading(false));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, page, message, errorText]);

  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const columns: ColumnsType<FirmSummary> = [
    {
      title: t('firms.name'),
      dataIndex: 'name',
      render: (name: string, firm) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {firm.address}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('firms.county'), dataIndex: 'countyCode', width: 120, render: (code: string) => countyName(code, lang) },
    { title: t('firms.creditCode'), dataIndex: 'creditCode', width: 200, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
    {
      title: t('firms.categories'),
      dataIndex: 'categories',
      render: (cats: string[]) => cats.map((c) => <Tag key={c}>{c}</Tag>),
    },
    {
      title: t('firms.keyTier'),
      dataIndex: 'keyTier',
      width: 110,
      render: (tier: FirmSummary['keyTier']) => (tier === 'none' ? '—' : <Tag color={tier === 'key' ? 'green' : 'blue'}>{t(`keyTier.${tier}`)}</Tag>),
    },
    { title: t('firms.zjtx'), dataIndex: 'zjtxLevel', width: 140, render: (level: FirmSummary['zjtxLevel']) => t(`zjtx.${level}`) },
    { title: t('firms.lastVisit'), dataIndex: 'lastVisitAt', width: 110, render: (d: string | null) => d ?? <Typography.Text type="secondary">{t('firms.never')}</Typography.Text> },
    {
      title: t('firms.actions'),
      key: 'actions',
      width: 120,
      render: (_: unknown, firm) => (
        <Button type="primary" size="small" icon={<FormOutlined />} data-testid={`diagnose-${firm.id}`} onClick={() => go({ name: 'visit', id: uuidv7(), newForFirm: firm.id })}>
          {t('firms.newDiagnosis')}
        </Button>
      ),
    },
  ];

  return (
    <Card title={t('nav.firms')} extra={<Typography.Text type="secondary">{t('firms.total', { count: data.total })}</Typography.Text>}>
      <Input.Search
        allowClear
        autoFocus
        size="large"
        placeholder={t('firms.searchPlaceholder')}
        aria-label={t('firms.searchPlaceholder')}
        data-testid="firm-search"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setPage(1);
        }}
        style={{ marginBottom: 16 }}
      />
      <Table
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        locale={{ emptyText: t('firms.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, showSizeChanger: false }}
        data-testid="firm-table"
      />
    </Card>
  );
}
