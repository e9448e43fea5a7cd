import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditQuery, type AuditRow } from '../../../../shared/api/audit';
import { COUNTIES, countyName } from '../../../../shared/domain/divisions';
import { call } from '../../api';
import { saveDownload } from '../../bridge';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useErrorText } from '../../hooks/useErrorText';

interface Filter {
  range: [Dayjs, Dayjs];
  username?: string;
  action?: AuditQuery['action'];
  county?: string;
  outcome?: 'done' | 'refused';
}

/** The filter as the server takes it: whole days in local time, the end day included. */
function queryOf(f: Filter): AuditQuery {
  return {
    from: f.range[0].startOf('day').toISOString(),
    to: f.range[1].add(1, 'day').startOf('day').toISOString(),
    ...(f.username?.trim() ? { username: f.username.trim() } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.county ? { county: f.county } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
  };
}

/** When it happened, to the second (an audit trail is read by the second). */
const atText = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

/**
 * The auditor's screen (online): the audit log filtered by period, account, action, county and
 * outcome, newest first, 200 rows at a time, and the same filter exported as CSV. The server
 * records each read and export in the log itself.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { busy, run } = useBusyAction();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [filter, setFilter] = useState<Filter>({ range: [dayjs().subtract(6, 'day'), dayjs()] });
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (f: Filter, before?: string) => {
      setError(null);
      setLoading(true);
      call('audit.query', { ...queryOf(f), ...(before ? { before } : {}) })
        .then((page) => {
          setRows((current) => (before ? [...current, ...page.rows] : page.rows));
          setMore(page.more);
        })
        .catch((e: unknown) => setError(errorText(e)))
        .finally(() => setLoading(false));
    },
    [errorText],
  );
  useEffect(() => load(filter), []); // eslint-disable-line react-hooks/exhaustive-deps -- the first page once; later pages on request

  const set = <K extends keyof Filter>(key: K, value: Filter[K]) => setFilter((f) => ({ ...f, [key]: value }));
  // A detail as a person reads it: named in their language, yes/no for flags, lists joined.
  const detailText = (detail: Record<string, unknown>) =>
    Object.entries(detail)
      .map(([k, v]) => `${i18n.exists(`audit.detailKeys.${k}`) ? t(`audit.detailKeys.${k}`) : k}：${typeof v === 'boolean' ? t(v ? 'audit.yes' : 'audit.no') : Array.isArray(v) ? v.join('、') : String(v)}`)
      .join('；');
  const actionName = (action: string) => (i18n.exists(`audit.actions.${action}`) ? t(`audit.actions.${action}`) : action);
  const exportCsv = () =>
    run(async () => {
      const outcome = await call('audit.exportCsv', queryOf(filter));
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
      if (outcome.status === 'saved' || outcome.status === 'download') void message.success(t('audit.exported', { count: outcome.rows ?? 0 }));
    });
  const select = { allowClear: true, showSearch: true, optionFilterProp: 'label' } as const;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="audit-page">
      <Card title={t('audit.title')}>
        <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
        <Space wrap size={[8, 8]}>
          <DatePicker.RangePicker allowClear={false} value={filter.range} onChange={(r) => r?.[0] && r[1] && set('range', [r[0], r[1]])} data-testid="audit-range" />
          <Input allowClear placeholder={t('audit.username')} style={{ width: 140 }} value={filter.username} onChange={(e) => set('username', e.target.value)} onPressEnter={() => load(filter)} data-testid="audit-username" />
          <Select {...select} placeholder={t('audit.anyAction')} style={{ width: 210 }} value={filter.action} onChange={(v) => set('action', v)} options={AUDIT_ACTIONS.map((a) => ({ value: a, label: actionName(a) }))} data-testid="audit-action" />
          <Select {...select} placeholder={t('audit.anyCounty')} style={{ width: 130 }} value={filter.county} onChange={(v) => set('county', v)} options={COUNTIES.map((c) => ({ value: c.code, label: c[lang] }))} />
          <Select allowClear placeholder={t('audit.anyOutcome')} style={{ width: 120 }} value={filter.outcome} onChange={(v) => set('outcome', v)} options={(['done', 'refused'] as const).map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))} data-testid="audit-outcome" />
          <Button type="primary" icon={<SearchOutlined />} onClick={() => load(filter)} loading={loading} data-testid="audit-search">
            {t('audit.search')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} disabled={busy} data-testid="audit-export">
            {t('audit.exportCsv')}
          </Button>
        </Space>
        {error && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={error} data-testid="audit-error" />}
      </Card>
      <Card size="small">
        <Table<AuditRow>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('audit.empty') }}
          data-testid="audit-table"
          columns={[
            { title: t('audit.columns.at'), key: 'at', width: 150, render: (_, r) => atText(r.at) },
            {
              title: t('audit.columns.username'),
              key: 'who',
              width: 130,
              render: (_, r) => (
                <span>
                  {r.username ?? '—'} {r.role && i18n.exists(`account.roles.${r.role}`) ? <Typography.Text type="secondary">{t(`account.roles.${r.role}`)}</Typography.Text> : null}
                </span>
              ),
            },
            { title: t('audit.columns.action'), key: 'action', width: 160, render: (_, r) => <span data-testid="audit-row-action">{actionName(r.action)}</span> },
            { title: t('audit.columns.object'), key: 'object', width: 150, ellipsis: true, render: (_, r) => r.object ?? '' },
            { title: t('audit.columns.counties'), key: 'counties', width: 120, render: (_, r) => (r.counties ?? []).map((c) => countyName(c, lang)).join('、') },
            {
              title: t('audit.columns.outcome'),
              key: 'outcome',
              width: 120,
              render: (_, r) => (r.outcome === 'refused' ? <Tag color="red">{`${t('audit.outcomes.refused')}${r.reason ? ` · ${i18n.exists(r.reason) ? t(r.reason) : r.reason}` : ''}`}</Tag> : <Tag color="green">{t('audit.outcomes.done')}</Tag>),
            },
            { title: t('audit.columns.detail'), key: 'detail', width: 280, render: (_, r) => <Typography.Text style={{ fontSize: 12 }}>{detailText(r.detail)}</Typography.Text> },
            { title: t('audit.columns.address'), key: 'address', width: 120, render: (_, r) => r.address ?? '' },
            { title: t('audit.columns.laptopAt'), key: 'laptopAt', width: 140, render: (_, r) => (r.laptopAt ? atText(r.laptopAt) : '') },
          ]}
        />
        {more && (
          <Button style={{ marginTop: 12 }} onClick={() => load(filter, rows.at(-1)?.id)} loading={loading} data-testid="audit-more">
            {t('audit.more')}
          </Button>
        )}
      </Card>
    </Space>
  );
}
