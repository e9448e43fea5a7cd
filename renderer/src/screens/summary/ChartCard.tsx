import { Card, Empty, Segmented, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type ChartOption } from '../../components/EChart';

/** A chart with the table behind it one click away. */
export function ChartCard<T extends object>({ title, option, rows, columns, rowKey, testId }: { title: string; option: ChartOption; rows: T[]; columns: ColumnsType<T>; rowKey: keyof T & string; testId: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      extra={
        <Segmented
          size="small"
          value={view}
          onChange={(v) => setView(v as 'chart' | 'table')}
          options={[
            { value: 'chart', label: t('summary.chart') },
            { value: 'table', label: t('summary.table') },
          ]}
        />
      }
    >
      {view === 'chart' && rows.length === 0 ? (
        // An empty filter is a valid answer: say so rather than draw bare axes.
        <Empty style={{ height: 280, display: 'flex', flexDirection: 'column', justifyContent: 'center', margin: 0 }} image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('summary.noData')} />
      ) : view === 'chart' ? (
        <EChart option={option} />
      ) : (
        <Table size="small" rowKey={rowKey} columns={columns} dataSource={rows} pagination={false} scroll={{ y: 240 }} />
      )}
    </Card>
  );
}
