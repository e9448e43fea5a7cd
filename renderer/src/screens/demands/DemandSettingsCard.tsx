import { FileSearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, InputNumber, List, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/api/contract';
import type { CalendarImportReport, LimitsSetting } from '../../../../shared/api/demands';
import { URGENCIES } from '../../../../shared/domain/problem';
import { call } from '../../api';
import { fileToBase64 } from '../../files';
import { useBusyAction } from '../../hooks/useBusyAction';

const MAX_BYTES = 1024 * 1024;
const STEPS = ['takeUp', 'answer', 'resolve'] as const;

/**
 * An administrator's demand settings (issue 31): the deadlines in working days by urgency, and
 * the work calendar — the years it covers, its holidays and make-up days, and a year's import
 * from the State Council's notice (checked first, then applied whole, its source kept).
 */
export function DemandSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { busy, run } = useBusyAction();
  const input = useRef<HTMLInputElement>(null);
  const [settings, setSettings] = useState<MethodOutput<'demands.settings'> | null>(null);
  const [limits, setLimits] = useState<LimitsSetting | null>(null);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [report, setReport] = useState<CalendarImportReport | null>(null);
  const load = () => void call('demands.settings').then((s) => (setSettings(s), setLimits(s.limits)));
  useEffect(load, []);

  const saveLimits = () =>
    run(async () => {
      if (!limits) return;
      setLimits(await call('demands.setLimits', limits));
      void message.success(t('demands.limitsSaved'));
    });
  const check = (picked: File | undefined) =>
    run(async () => {
      if (input.current) input.current.value = '';
      if (!picked) return;
      setReport(null);
      if (picked.size > MAX_BYTES) return void message.error(t('validation.fileTooLarge'));
      const chosen = { name: picked.name, base64: await fileToBase64(picked) };
      setFile(chosen);
      setReport(await call('demands.importCalendar', { fileName: chosen.name, contentBase64: chosen.base64, apply: false, source }));
    });
  const apply = () =>
    run(async () => {
      if (!file) return;
      const done = await call('demands.importCalendar', { fileName: file.name, contentBase64: file.base64, apply: true, source });
      setReport(done);
      if (done.applied) void message.success(t('demands.calendarApplied'));
    });
  const years = settings?.years.join('、') ?? '';
  const reportText = (r: CalendarImportReport) =>
    r.errors.length ? t('demands.calendarProblems', { count: r.errors.length }) : r.applied ? t('demands.calendarApplied') : t('demands.calendarChecked', { years: r.years.join('、'), holidays: r.counts.holidays, workdays: r.counts.workdays });

  return (
    <Card title={t('demands.limitsTitle')} data-testid="demand-settings">
      <Typography.Paragraph type="secondary">{t('demands.limitsHint')}</Typography.Paragraph>
      {limits && (
        <Space direction="vertical">
          {URGENCIES.map((u) => (
            <Space key={u} wrap>
              <Typography.Text style={{ display: 'inline-block', width: 60 }}>{t(`urgency.${u}`)}</Typography.Text>
              {STEPS.map((step) => (
                <Space key={step} size={4}>
                  <Typography.Text type="secondary">{t(`demands.${step}`)}</Typography.Text>
                  <InputNumber
                    min={1}
                    max={30}
                    precision={0}
                    style={{ width: 70 }}
                    value={limits[u][step]}
                    data-testid={`limit-${u}-${step}`}
                    onChange={(v) => setLimits({ ...limits, [u]: { ...limits[u], [step]: v ?? 1 } })}
                  />
                </Space>
              ))}
            </Space>
          ))}
          <Button type="primary" loading={busy} onClick={() => void saveLimits()} data-testid="limits-save">
            {t('demands.saveLimits')}
          </Button>
        </Space>
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('demands.calendarTitle')}
      </Typography.Title>
      {settings && <Alert type={settings.bureauCalendar ? 'info' : 'warning'} showIcon message={settings.bureauCalendar ? t('demands.calendarBureau', { years }) : t('demands.calendarBuiltIn', { years })} data-testid="calendar-state" />}
      {settings && (
        <Table
          size="small"
          rowKey="date"
          style={{ marginTop: 8 }}
          dataSource={settings.days}
          pagination={{ pageSize: 10, showSizeChanger: false, size: 'small' }}
          columns={[
            { title: t('demands.calendarDate'), dataIndex: 'date', width: 120 },
            { title: t('demands.calendarType'), dataIndex: 'type', width: 60, render: (type: 'holiday' | 'workday') => <Tag color={type === 'holiday' ? 'red' : 'blue'}>{t(type === 'holiday' ? 'demands.calendarHoliday' : 'demands.calendarWorkday')}</Tag> },
            { title: t('demands.calendarName'), dataIndex: 'name' },
          ]}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('demands.calendarImportHint')}
      </Typography.Paragraph>
      <input ref={input} type="file" accept=".xlsx,.csv" hidden data-testid="calendar-file" onChange={(e) => void check(e.target.files?.[0])} />
      <Space wrap>
        <Input style={{ width: 320 }} placeholder={t('demands.calendarSource')} value={source} onChange={(e) => setSource(e.target.value)} maxLength={200} data-testid="calendar-source" />
        <Button icon={<FileSearchOutlined />} loading={busy} disabled={source.trim().length < 2} onClick={() => input.current?.click()} data-testid="calendar-choose">
          {t('demands.calendarChoose')}
        </Button>
        {report && !report.applied && report.errors.length === 0 && report.counts.rows > 0 && (
          <Button type="primary" icon={<UploadOutlined />} loading={busy} onClick={() => void apply()} data-testid="calendar-apply">
            {t('demands.calendarApply')}
          </Button>
        )}
      </Space>
      {report && (
        <Alert
          style={{ marginTop: 12 }}
          type={report.errors.length ? 'error' : report.applied ? 'success' : 'info'}
          showIcon
          data-testid="calendar-report"
          message={`${file?.name ?? ''} · ${reportText(report)}`}
          description={
            report.errors.length ? (
              <List size="small" dataSource={report.errors.slice(0, 100)} renderItem={(e) => <List.Item><Typography.Text type="danger">{`${t('demands.row', { row: e.row })}：${t(`demands.calendarProblem.${e.key}`, { value: e.value })}`}</Typography.Text></List.Item>} />
            ) : undefined
          }
        />
      )}
    </Card>
  );
}
