import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyFirmList } from '../../../../shared/api/key-firms';
import { countyName } from '../../../../shared/domain/divisions';
import { call } from '../../api';
import { saveDownload } from '../../bridge';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useErrorText } from '../../hooks/useErrorText';

const KIND_COLOR = { entered: 'green', left: 'red', moved: 'blue' } as const;

/** The key-firm list as of a day and its changes over a period, from the server (supervisors and admins, online). */
export function KeyFirmListCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { busy, run } = useBusyAction();
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [list, setList] = useState<KeyFirmList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const query = () => ({ asOf: asOf.format('YYYY-MM-DD'), from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD') });
  const tier = (v: string) => (v === 'none' ? t('common.none') : t(`keyTier.${v}`));

  const show = () =>
    run(async () => {
      setError(null);
      try {
        setList(await call('keyFirms.list', query()));
      } catch (e) {
        setError(errorText(e));
      }
    });
  const exportCsv = () =>
    run(async () => {
      const outcome = await call('keyFirms.exportCsv', query());
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
      if (outcome.status === 'saved') void message.success(t('visits.exportSavedTo', { path: outcome.path }));
    });

  return (
    <Card title={t('keyFirms.title')} size="small" data-testid="key-firm-list">
      <Space wrap>
        <span>{t('keyFirms.asOf')}</span>
        <DatePicker id="key-firms-as-of" value={asOf} allowClear={false} onChange={(d) => d && setAsOf(d)} />
        <span>{t('keyFirms.period')}</span>
        <DatePicker.RangePicker id="key-firms-period" value={period} allowClear={false} onChange={(r) => r?.[0] && r[1] && setPeriod([r[0], r[1]])} />
        <Button icon={<SearchOutlined />} loading={busy} onClick={() => void show()} data-testid="key-firms-show">
          {t('keyFirms.show')}
        </Button>
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void exportCsv()} data-testid="key-firms-export">
          {t('keyFirms.export')}
        </Button>
      </Space>
      {error && <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('keyFirms.online')} description={error} />}
      {list && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong data-testid="key-firms-count">
            {t('keyFirms.count', { date: list.asOf, count: list.firms.length })} · {t('keyFirms.changesCount', { count: list.changes.length })}
          </Typography.Text>
          <Table
            style={{ marginTop: 8 }}
            size="small"
            rowKey={(c) => `${c.firmId}-${c.decidedAt}`}
            data-testid="key-firm-changes"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={list.changes}
            columns={[
              { title: t('keyFirms.firm'), dataIndex: 'firmName' },
              { title: t('keyFirms.kind'), dataIndex: 'kind', render: (k: keyof typeof KIND_COLOR) => <Tag color={KIND_COLOR[k]}>{t(`keyFirms.kinds.${k}`)}</Tag> },
              { title: t('keyFirms.from'), dataIndex: 'from', render: tier },
              { title: t('keyFirms.to'), dataIndex: 'to', render: tier },
              { title: t('keyFirms.reason'), dataIndex: 'reason' },
              { title: t('keyFirms.decidedAt'), dataIndex: 'decidedAt', render: (d: string) => d.slice(0, 10) },
            ]}
          />
          <Table
            style={{ marginTop: 8 }}
            size="small"
            rowKey="id"
            data-testid="key-firm-table"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={list.firms}
            columns={[
              { title: t('keyFirms.firm'), dataIndex: 'name' },
              { title: t('firms.creditCode'), dataIndex: 'creditCode' },
              { title: t('keyFirms.county'), dataIndex: 'countyCode', render: (c: string) => countyName(c, lang) },
              { title: t('keyFirms.tier'), dataIndex: 'tier', render: tier },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
