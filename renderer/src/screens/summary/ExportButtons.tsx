import { DownOutlined, FileExcelOutlined, FilePdfOutlined, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Progress, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SUMMARY_TABLES, type SummaryFilter, type SummaryTable } from '../../../../shared/domain/summary';
import { uuidv7 } from '../../../../shared/domain/uuidv7';
import { ApiError, call } from '../../api';
import { bridge, saveDownload } from '../../bridge';
import { useErrorText } from '../../hooks/useErrorText';
import { useRoute } from '../../stores/route';
import { encodeFilter } from '../report/ReportPage';

/** Export with visible progress and a cancel button; a cancelled export leaves no file. */
export function ExportButtons({ filter }: { filter: SummaryFilter }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const [job, setJob] = useState<{ id: string; done: number; total: number } | null>(null);

  useEffect(() => bridge.on('export.progress', (p) => setJob((j) => (j && j.id === p.jobId ? { ...j, done: p.done, total: p.total } : j))), []);

  const run = async (table?: SummaryTable) => {
    const id = uuidv7();
    setJob({ id, done: 0, total: 0 });
    try {
      const outcome = table ? await call('exports.summaryCsv', { filter, table, jobId: id }) : await call('exports.summaryXlsx', { filter, jobId: id });
      if (outcome.status === 'download') await saveDownload(outcome.url, outcome.fileName);
      if (outcome.status === 'saved' || outcome.status === 'download') void message.success(t('summary.exported', { rows: outcome.rows ?? 0 }));
    } catch (error) {
      if (!(error instanceof ApiError && error.data.code === 'CANCELLED')) void message.error(errorText(error));
    } finally {
      setJob(null);
    }
  };

  return (
    <Space>
      {job && (
        <>
          <Progress type="line" size="small" style={{ width: 340 }} percent={job.total ? Math.round((job.done / job.total) * 100) : 0} format={() => t('summary.exporting', { done: job.done, total: job.total })} />
          <Button size="small" onClick={() => void call('exports.cancel', { jobId: job.id })} data-testid="cancel-export">
            {t('summary.cancel')}
          </Button>
        </>
      )}
      <Button
        icon={<FilePdfOutlined />}
        data-testid="open-report"
        onClick={() => {
          const route = `#/report/${encodeFilter(filter)}`;
          // The desktop app prints the page to PDF itself; in the browser the page opens (Back returns) and its print dialog saves the PDF.
          if (window.xunlian)
            void call('exports.reportPdf', { filter, route }).then(
              (o) => o.status === 'saved' && void message.success(o.path),
              (error: unknown) => void message.error(errorText(error)),
            );
          else go({ name: 'report', filter: encodeFilter(filter) });
        }}
      >
        {t('summary.printReport')}
      </Button>
      <Dropdown disabled={!!job} menu={{ items: SUMMARY_TABLES.map((k) => ({ key: k, label: t(`summary.tables.${k}`) })), onClick: ({ key }) => void run(key as SummaryTable) }}>
        <Button icon={<FileTextOutlined />} data-testid="export-csv-menu">
          {t('summary.exportCsv')} <DownOutlined />
        </Button>
      </Dropdown>
      <Button icon={<FileExcelOutlined />} disabled={!!job} onClick={() => void run()} data-testid="export-xlsx">
        {t('summary.exportXlsx')}
      </Button>
    </Space>
  );
}
