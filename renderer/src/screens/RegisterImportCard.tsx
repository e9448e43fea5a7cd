import { DownloadOutlined, FileSearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterReport } from '../../../shared/api/register';
import { call } from '../api';
import { saveDownload } from '../bridge';
import { fileToBase64, saveCsv } from '../files';
import { useBusyAction } from '../hooks/useBusyAction';

/** What fits through the app's call (base64 of up to ~3 MB); bigger lists go through the command line. */
const MAX_BYTES = 3 * 1024 * 1024;
const STATUS_COLOR = { new: 'green', changed: 'blue', unchanged: 'default', error: 'red' } as const;

/** The administrator's import of the bureau's register: template, dry run with its row-by-row report, then apply. */
export function RegisterImportCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const { busy, run } = useBusyAction();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [report, setReport] = useState<RegisterReport | null>(null);
  const [errorsOnly, setErrorsOnly] = useState(false);

  const template = () =>
    run(async () => {
      const outcome = await call('register.template');
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
    });

  const dryRun = (picked: File | undefined) =>
    run(async () => {
      if (input.current) input.current.value = '';
      if (!picked) return;
      setReport(null);
      setErrorsOnly(false);
      if (picked.size > MAX_BYTES) return void message.error(t('register.card.tooLargeForApp'));
      const chosen = { name: picked.name, base64: await fileToBase64(picked) };
      setFile(chosen);
      setReport(await call('register.import', { fileName: chosen.name, contentBase64: chosen.base64, apply: false }));
    });

  const apply = () =>
    run(async () => {
      if (!file) return;
      const done = await call('register.import', { fileName: file.name, contentBase64: file.base64, apply: true });
      setReport(done);
      void message.success(t('register.card.applied', done.counts));
    });

  // A finding about an empty cell says so, instead of ending at its colon.
  const finding = (f: { code: string; value?: string | undefined }) => t(f.code, { value: f.value?.trim() ? f.value : t('register.card.emptyCell') });
  const shownRows = report?.rows.filter((r) => (errorsOnly && report.counts.errors > 0 ? r.errors.length > 0 : r.status !== 'unchanged' || r.warnings.length)) ?? [];
  // The rows with errors as a CSV (UTF-8 with BOM, opens in Excel) to fix the file from.
  const downloadErrors = () => {
    if (!report) return;
    const rows = [[t('register.card.row'), t('firms.name'), t('firms.creditCode'), t('register.card.findings')], ...report.rows.filter((x) => x.errors.length).map((r) => [r.row, r.name ?? '', r.creditCode ?? '', r.errors.map(finding).join('；')])];
    saveCsv(`${(file?.name ?? 'register').replace(/\.[^.]+$/, '')}-错误.csv`, rows);
  };
  return (
    <Card title={t('register.card.title')} size="small" data-testid="register-import">
      <Typography.Paragraph type="secondary">{t('register.card.help')}</Typography.Paragraph>
      <input ref={input} type="file" accept=".xlsx,.csv" hidden data-testid="register-file" onChange={(e) => void dryRun(e.target.files?.[0])} />
      <Space wrap>
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void template()} data-testid="register-template">
          {t('register.card.template')}
        </Button>
        <Button icon={<FileSearchOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="register-choose">
          {t('register.card.choose')}
        </Button>
        {report && !report.applied && report.counts.errors === 0 && report.counts.new + report.counts.changed > 0 && (
          <Button type="primary" icon={<UploadOutlined />} loading={busy} onClick={() => void apply()} data-testid="register-apply">
            {t('register.card.apply', report.counts)}
          </Button>
        )}
      </Space>
      {report && (
        <div style={{ marginTop: 16 }}>
          <Alert
            type={report.counts.errors ? 'error' : report.applied ? 'success' : 'info'}
            showIcon
            data-testid="register-summary"
            message={report.applied ? t('register.card.applied', report.counts) : t('register.card.summary', report.counts)}
            description={[report.counts.errors ? t('register.card.fixFirst') : null, report.ignoredHeaders.length ? t('register.card.ignored', { columns: report.ignoredHeaders.join('、') }) : null].filter(Boolean).join(' ') || undefined}
          />
          {report.counts.errors > 0 && (
            <Space style={{ marginTop: 12 }}>
              <Checkbox checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} data-testid="register-errors-only">
                {t('register.card.errorsOnly', { count: report.counts.errors })}
              </Checkbox>
              <Button size="small" icon={<DownloadOutlined />} onClick={downloadErrors} data-testid="register-download-errors">
                {t('register.card.downloadErrors')}
              </Button>
            </Space>
          )}
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey="row"
            data-testid="register-rows"
            dataSource={shownRows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('register.card.row'), dataIndex: 'row', width: 60 },
              { title: t('firms.name'), dataIndex: 'name', width: 220 },
              { title: t('firms.creditCode'), dataIndex: 'creditCode', width: 190 },
              { title: t('register.card.status'), dataIndex: 'status', width: 90, render: (s: keyof typeof STATUS_COLOR) => <Tag color={STATUS_COLOR[s]}>{t(`register.status.${s}`)}</Tag> },
              {
                title: t('register.card.findings'),
                render: (_: unknown, r: RegisterReport['rows'][number]) => (
                  <Space direction="vertical" size={0}>
                    {r.errors.map((f, i) => (
                      <Typography.Text key={`e${i}`} type="danger">{finding(f)}</Typography.Text>
                    ))}
                    {r.warnings.map((f, i) => (
                      <Typography.Text key={`w${i}`} type="warning">{finding(f)}</Typography.Text>
                    ))}
                    {r.changes.length > 0 && <Typography.Text type="secondary">{t('register.card.changes', { fields: r.changes.map((c) => t(`register.fields.${c}`)).join(t('common.listSeparator')) })}</Typography.Text>}
                  </Space>
                ),
              },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
