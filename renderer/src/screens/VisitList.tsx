import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VISIT_STATUSES, type VisitSummary } from '../../../shared/domain/visit';
import { call } from '../api';
import { bridge, saveDownload } from '../bridge';
import { formatDateTime } from '../format';
import { useErrorText } from '../hooks/useErrorText';
import { useRoute } from '../stores/route';

const PAGE_SIZE = 20;
const SYNC_COLOR: Record<VisitSummary['syncState'], string> = { local: 'default', waiting: 'orange', synced: 'green', attention: 'red' };

export function VisitList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const [status, setStatus] = useState<VisitSummary['status'] | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: VisitSummary[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [exporting, setExporting] = useState(false);

  const refresh = useCallback(() => {
    call('visits.list', { ...(status ? { status } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
      .then(setData)
      .catch((error: unknown) => void message.error(errorText(error)))
      .finally(() => setLoading(false));
  }, [status, page, message, errorText]);

  useEffect(() => {
    refresh();
    return bridge.on('visits.changed', refresh);
  }, [refresh]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const outcome = await call('exports.visitsCsv');
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
      if (outcome.status === 'saved') void message.success(`${t('visits.exported', { rows: outcome.rows })} · ${t('visits.exportSavedTo', { path: outcome.path })}`);
      if (outcome.status === 'download') void message.success(t('visits.exported', { rows: outcome.rows }));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<VisitSummary> = [
    { title: t('visits.firm'), dataIndex: 'firmName', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: t('visits.kind'), dataIndex: 'kind', width: 110, render: (kind: VisitSummary['kind']) => t(`visitKind.${kind}`) },
    { title: t('visits.date'), dataIndex: 'visitDate', width: 120, render: (d: string | null) => d ?? '—' },
    {
      title: t('visits.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: VisitSummary['status']) => <Tag color={s === 'completed' ? 'green' : 'default'}>{t(`visitStatus.${s}`)}</Tag>,
    },
    {
      title: t('visits.sync'),
      dataIndex: 'syncState',
      width: 120,
      render: (s: VisitSummary['syncState'], v) => (
        <Tooltip title={v.syncError ?? (v.syncedAt ? formatDateTime(v.syncedAt) : undefined)}>
          <Tag color={SYNC_COLOR[s]} data-testid={`sync-state-${v.id}`} data-state={s}>
            {t(`syncState.${s}`)}
          </Tag>
        </Tooltip>
      ),
    },
    { title: t('visits.revision'), dataIndex: 'revision', width: 70 },
    { title: t('visits.updatedAt'), dataIndex: 'updatedAt', width: 160, render: formatDateTime },
    {
      key: 'open',
      width: 110,
      render: (_: unknown, v) => (
        <Button size="small" type={v.status === 'draft' ? 'primary' : 'default'} onClick={() => go({ name: 'visit', id: v.id })} data-testid={`open-${v.id}`}>
          {v.status === 'draft' ? t('visits.continue') : t('visits.open')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('visits.title')}
      extra={
        <Space>
          <Select
            allowClear
            placeholder={t('visits.allStatuses')}
            style={{ width: 140 }}
            value={status}
            onChange={(s) => {
              setStatus(s);
              setPage(1);
            }}
            options={VISIT_STATUSES.map((s) => ({ value: s, label: t(`visitStatus.${s}`) }))}
          />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="export-csv">
            {t('visits.exportCsv')}
          </Button>
        </Space>
      }
    >
      <Table
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        locale={{ emptyText: t('visits.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('visits.total', { count: n }) }}
        data-testid="visit-table"
      />
    </Card>
  );
}
