import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VISIT_KINDS, VISIT_STATUSES, type VisitSummary } from '../../../shared/domain/visit';
import { call } from '../api';
import { bridge, saveDownload } from '../bridge';
import { VisitStatusTags } from '../components/VisitStatusTags';
import { formatDateTime } from '../format';
import { useErrorText } from '../hooks/useErrorText';
import { useRoute } from '../stores/route';

const PAGE = 100;

/**
 * All visits, newest first, in a virtualised table: only the rows on screen are
 * rendered, and further pages load as the officer scrolls, so 50,000 visits open
 * as fast as 50.
 */
export function VisitList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const [status, setStatus] = useState<VisitSummary['status'] | undefined>();
  const [kind, setKind] = useState<VisitSummary['kind'] | undefined>();
  const [rows, setRows] = useState<VisitSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const loading = useRef(false);
  const generation = useRef(0);

  const loadFrom = useCallback(
    async (offset: number) => {
      if (loading.current) return;
      loading.current = true;
      const gen = generation.current;
      try {
        const page = await call('visits.list', { ...(status ? { status } : {}), ...(kind ? { kind } : {}), limit: PAGE, offset });
        if (gen !== generation.current) return;
        setRows((r) => (offset === 0 ? page.items : [...r, ...page.items]));
        setTotal(page.total);
      } catch (error) {
        void message.error(errorText(error));
      } finally {
        loading.current = false;
      }
    },
    [status, kind, message, errorText],
  );

  useEffect(() => {
    generation.current++;
    loading.current = false;
    void loadFrom(0);
    return bridge.on('visits.changed', () => {
      generation.current++;
      loading.current = false;
      void loadFrom(0);
    });
  }, [loadFrom]);

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
    { title: t('visits.kind'), dataIndex: 'kind', width: 120, render: (k: VisitSummary['kind']) => t(`visitKind.${k}`) },
    { title: t('visits.date'), dataIndex: 'visitDate', width: 120, render: (d: string | null) => d ?? '—' },
    { title: t('visits.status'), key: 'status', width: 260, render: (_: unknown, v) => <VisitStatusTags visit={v} /> },
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
          <Typography.Text type="secondary" data-testid="visit-total">
            {t('visits.total', { count: total ?? 0 })}
          </Typography.Text>
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('visits.allKinds')} style={{ width: 130 }} value={kind} onChange={setKind} options={VISIT_KINDS.map((k) => ({ value: k, label: t(`visitKind.${k}`) }))} />
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('visits.allStatuses')} style={{ width: 130 }} value={status} onChange={setStatus} options={VISIT_STATUSES.map((s) => ({ value: s, label: t(`visitStatus.${s}`) }))} />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="export-csv">
            {t('visits.exportCsv')}
          </Button>
        </Space>
      }
    >
      <Table
        virtual
        rowKey="id"
        size="middle"
        loading={total === null}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ y: Math.max(360, window.innerHeight - 300) }}
        locale={{ emptyText: t('visits.empty') }}
        onScroll={(e) => {
          const el = e.currentTarget;
          if (total !== null && rows.length < total && el.scrollTop + el.clientHeight > el.scrollHeight - 800) void loadFrom(rows.length);
        }}
        data-testid="visit-table"
      />
    </Card>
  );
}
