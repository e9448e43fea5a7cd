import { DownloadOutlined, FileSearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentImportReport } from '../../../../shared/api/assignments';
import { call } from '../../api';
import { fileToBase64, saveCsv } from '../../files';
import { useBusyAction } from '../../hooks/useBusyAction';

const MAX_BYTES = 4 * 1024 * 1024;

/** An administrator's assignment list: a dry run names each row's problem (and downloads them), then the whole list is applied. */
export function AssignmentImportCard({ onApplied }: { onApplied: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { busy, run } = useBusyAction();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [report, setReport] = useState<AssignmentImportReport | null>(null);
  const problemText = (e: AssignmentImportReport['errors'][number]) => `${t('assignments.row', { row: e.row })}：${t(`assignments.problem.${e.key}`, { value: e.value })}`;

  const dryRun = (picked: File | undefined) =>
    run(async () => {
      if (input.current) input.current.value = '';
      if (!picked) return;
      setReport(null);
      if (picked.size > MAX_BYTES) return void message.error(t('validation.fileTooLarge'));
      const chosen = { name: picked.name, base64: await fileToBase64(picked) };
      setFile(chosen);
      setReport(await call('assignments.import', { fileName: chosen.name, contentBase64: chosen.base64, apply: false }));
    });
  const apply = () =>
    run(async () => {
      if (!file) return;
      const done = await call('assignments.import', { fileName: file.name, contentBase64: file.base64, apply: true });
      setReport(done);
      if (done.applied) {
        void message.success(t('assignments.applied', done.counts));
        onApplied();
      }
    });
  const errorsCsv = () => saveCsv(`${t('assignments.importTitle')}-${t('assignments.errorsTitle', { count: report?.errors.length ?? 0 })}.csv`, [[t('assignments.rowHeader'), t('assignments.problemHeader')], ...(report?.errors ?? []).map((e) => [String(e.row), t(`assignments.problem.${e.key}`, { value: e.value })])]);

  return (
    <Card title={t('assignments.importTitle')} data-testid="assignment-import">
      <Typography.Paragraph type="secondary">{t('assignments.importIntro')}</Typography.Paragraph>
      <input ref={input} type="file" accept=".xlsx,.csv" hidden data-testid="assignment-file" onChange={(e) => void dryRun(e.target.files?.[0])} />
      <Space wrap>
        <Button icon={<FileSearchOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="assignment-choose">
          {t('assignments.chooseFile')}
        </Button>
        {report && !report.applied && report.errors.length === 0 && report.counts.rows > 0 ? (
          <Button type="primary" icon={<UploadOutlined />} loading={busy} onClick={() => void apply()} data-testid="assignment-apply">
            {t('assignments.apply')}
          </Button>
        ) : null}
        {report?.errors.length ? (
          <Button icon={<DownloadOutlined />} onClick={errorsCsv} data-testid="assignment-errors-csv">
            {t('assignments.downloadErrors')}
          </Button>
        ) : null}
      </Space>
      {report ? (
        <Alert
          style={{ marginTop: 12 }}
          type={report.errors.length ? 'error' : report.applied ? 'success' : 'info'}
          showIcon
          data-testid="assignment-report"
          message={`${file?.name ?? ''} · ${report.errors.length ? t('assignments.errorsTitle', { count: report.errors.length }) : report.applied ? t('assignments.applied', report.counts) : t('assignments.report', report.counts)}`}
          description={
            report.errors.length ? (
              <List size="small" dataSource={report.errors.slice(0, 200)} style={{ maxHeight: 320, overflow: 'auto' }} renderItem={(e) => <List.Item><Typography.Text type="danger">{problemText(e)}</Typography.Text></List.Item>} />
            ) : undefined
          }
        />
      ) : null}
    </Card>
  );
}
