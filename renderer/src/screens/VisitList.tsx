import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { REVIEW_STATES, type ReviewState } from '../../../shared/domain/review';
import { useAccount } from '../stores/account';
import { REVIEW_COLOR } from './reviews/review-text';
import { useTranslation } from 'react-i18next';
import { VISIT_KINDS, VISIT_STATUSES, type VisitSummary } from '../../../shared/domain/visit';
import { call } from '../api';
import { bridge, saveDownload } from '../bridge';
import { VisitStatusTags } from '../components/VisitStatusTags';
import { formatDateTime } from '../format';
import { useErrorText } from '../hooks/useErrorText';
import { useRoute } from '../stores/route';
import { useCountyOptions } from '../hooks/useCountyOptions';
import { countyName } from '../../../shared/domain/divisions';

const PAGE = 100;

/**
 * All visits, newest first, in a virtualised table: only the rows on screen are
 * rendered, and further pages load as the officer scrolls, so 50,000 visits open
 * as fast as 50.
 */
export function VisitList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const countyOptions = useCountyOptions(lang);
  // Who visited where, and when: the supervisor's questions of this list.
  const [officer, setOfficer] = useState<string | undefined>();
  const [countyCode, setCountyCode] = useState<string | undefined>();
  const [query, setQuery] = useState<string | undefined>();
  const [range, setRange] = useState<{ from: string; to: string } | undefined>();
  const [officers, setOfficers] = useState<string[]>([]);
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const [status, setStatus] = useState<VisitSummary['status'] | undefined>();
  const [kind, setKind] = useState<VisitSummary['kind'] | undefined>();
  const [review, setReview] = useState<ReviewState | undefined>();
  const role = useAccount((a) => a.status?.account?.role);
  const reviewsVisits = role === 'supervisor' || role === 'admin';
  // How many of the filtered visits (all pages) still wait for a review: what 全部通过 would pass.
  const [awaiting, setAwaiting] = useState(0);
  const [rows, setRows] = useState<VisitSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const loading = useRef(false);
  const generation = useRef(0);

  const filter = useMemo(
    () => ({ ...(status ? { status } : {}), ...(kind ? { kind } : {}), ...(officer ? { officer } : {}), ...(countyCode ? { countyCode: countyCode as never } : {}), ...(query ? { query } : {}), ...(range ?? {}) }),
    [status, kind, officer, countyCode, query, range],
  );
  useEffect(() => {
    if (!reviewsVisits) return;
    const count = (state: ReviewState) => call('visits.list', { ...filter, status: 'completed', review: state, limit: 1 }).then((p) => p.total);
    void Promise.all([count('unreviewed'), count('amended')]).then(([a, b]) => setAwaiting(a + b), () => setAwaiting(0));
  }, [filter, reviewsVisits, total]);
  const passAll = () =>
    modal.confirm({
      title: t('reviews.passAllTitle'),
      content: t('reviews.passAllConfirm', { count: awaiting }),
      okButtonProps: { 'data-testid': 'confirm-pass-all' } as never,
      onOk: async () => {
        try {
          const { queued } = await call('reviews.passAll', { filter, label: t('reviewVerdict.pass') });
          void message.success(t('reviews.passAllDone', { count: queued }));
          generation.current++;
          loading.current = false;
          void loadFrom(0);
        } catch (error) {
          void message.error(errorText(error));
        }
      },
    });

  const loadFrom = useCallback(
    async (offset: number) => {
      if (loading.current) return;
      loading.current = true;
      const gen = generation.current;
      try {
        const page = await call('visits.list', { ...filter, ...(review ? { review } : {}), limit: PAGE, offset });
        if (gen !== generation.current) return;
        setRows((r) => (offset === 0 ? page.items : [...r, ...page.items]));
        setTotal(page.total);
      } catch (error) {
        void message.error(errorText(error));
      } finally {
        loading.current = false;
      }
    },
    [filter, review, message, errorText],
  );

  useEffect(() => {
    void call('visits.officers').then(setOfficers, () => undefined);
  }, [total]);

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
    {
      title: t('visits.firmOrEvent'),
      key: 'firm',
      ellipsis: true,
      render: (_: unknown, v) =>
        v.kind === 'event' ? (
          <span>
            <Tag color="purple">{t('visitKind.event')}</Tag>
            <Typography.Text strong>{v.firmName}</Typography.Text>
          </span>
        ) : (
          <Typography.Text strong>{v.firmName}</Typography.Text>
        ),
    },
    { title: t('visits.kind'), dataIndex: 'kind', width: 100, render: (k: VisitSummary['kind']) => t(`visitKind.${k}`) },
    { title: t('visits.officer'), dataIndex: 'officer', width: 110, ellipsis: true },
    { title: t('visits.county'), dataIndex: 'countyCode', width: 100, render: (c: string | null) => (c ? countyName(c, lang) : '—') },
    { title: t('visits.date'), dataIndex: 'visitDate', width: 110, render: (d: string | null) => d ?? '—' },
    {
      title: t('visits.status'),
      key: 'status',
      width: 270,
      render: (_: unknown, v) => (
        <Space size={0} wrap>
          <VisitStatusTags visit={v} />
          {v.review ? (
            <Tag color={REVIEW_COLOR[v.review]} data-testid={`review-${v.id}`} data-review={v.review}>
              {t(`reviewState.${v.review}`)}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    { title: t('visits.updatedAt'), dataIndex: 'updatedAt', width: 130, render: formatDateTime },
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
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="export-csv">
            {t('visits.exportCsv')}
          </Button>
        </Space>
      }
    >
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} data-testid="visit-filters">
        <Input.Search allowClear placeholder={t('visits.searchFirm')} style={{ width: 200 }} onSearch={(v) => setQuery(v.trim() || undefined)} data-testid="visit-search" />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('visits.allOfficers')} style={{ width: 130 }} value={officer} onChange={setOfficer} options={officers.map((o) => ({ value: o, label: o }))} data-testid="visit-officer" />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('firms.allCounties')} style={{ width: 120 }} value={countyCode} onChange={setCountyCode} options={countyOptions} data-testid="visit-county" />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={range ? [range.from ? dayjs(range.from) : null, range.to ? dayjs(range.to) : null] : null}
          onChange={(r) => setRange(r && (r[0] || r[1]) ? { ...(r[0] ? { from: r[0].format('YYYY-MM-DD') } : {}), ...(r[1] ? { to: r[1].format('YYYY-MM-DD') } : {}) } as { from: string; to: string } : undefined)}
          data-testid="visit-range"
        />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('visits.allKinds')} style={{ width: 120 }} value={kind} onChange={setKind} options={VISIT_KINDS.map((k) => ({ value: k, label: t(`visitKind.${k}`) }))} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('visits.allStatuses')} style={{ width: 120 }} value={status} onChange={setStatus} options={VISIT_STATUSES.map((s) => ({ value: s, label: t(`visitStatus.${s}`) }))} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('reviews.filter')} style={{ width: 140 }} value={review} onChange={setReview} options={REVIEW_STATES.map((s) => ({ value: s, label: t(`reviewState.${s}`) }))} id="visit-review-filter" data-testid="visit-review-filter" />
        {reviewsVisits ? (
          <Button type="primary" disabled={awaiting === 0} onClick={passAll} data-testid="pass-all">
            {t('reviews.passAll', { count: awaiting })}
          </Button>
        ) : null}
      </Space>
      <Table
        virtual
        rowKey="id"
        size="middle"
        loading={total === null}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000, y: Math.max(320, window.innerHeight - 350) }}
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
