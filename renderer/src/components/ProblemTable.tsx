import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { ProblemRecord } from '../../../shared/domain/problem';
import { useRoute } from '../stores/route';
import { ProblemTrail } from './ProblemTrail';
import { DemandLight } from '../screens/demands/DemandLight';

export const STATUS_COLOR = { open: 'orange', in_progress: 'blue', resolved: 'green' } as const;

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Problems with category, responsible department, due date (red when overdue) and status. */
export function ProblemTable({ items, showFirm, loading, emptyText, testId }: { items: ProblemRecord[]; showFirm: boolean; loading?: boolean; emptyText: string; testId?: string }) {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  const columns: ColumnsType<ProblemRecord> = [
    ...(showFirm
      ? [{ title: t('problems.firm'), dataIndex: 'firmName', width: 190, ellipsis: true, render: (name: string, p: ProblemRecord) => <Typography.Link onClick={() => go({ name: 'firm', id: p.firmId })}>{name}</Typography.Link> }]
      : []),
    { title: t('problems.category'), dataIndex: 'category', width: 110, render: (c: ProblemRecord['category']) => <Tag>{t(`problemCategory.${c}`)}</Tag> },
    {
      title: t('problems.description'),
      dataIndex: 'description',
      // Never squeezed to a column of single characters: below its minimum the table scrolls; above it
      // (1366×768 and wider) the description wraps and urgency, deadline and status stay in view.
      onCell: () => ({ style: { minWidth: 220 } }),
      render: (d: string, p) => (
        <>
          <div>{d}</div>
          {p.helpRequested && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.helpRequested}</Typography.Text>}
        </>
      ),
    },
    { title: t('problems.department'), dataIndex: 'department', width: 130, ellipsis: true, render: (d: string) => d || '—' },
    { title: t('problems.urgency'), dataIndex: 'urgency', width: 80, render: (u: ProblemRecord['urgency']) => <Typography.Text type={u === 'high' ? 'danger' : undefined} style={NO_WRAP}>{t(`urgency.${u}`)}</Typography.Text> },
    {
      title: t('problems.due'),
      dataIndex: 'dueDate',
      width: 210,
      // A handed demand: its light and next deadline in working days; otherwise the date the officer set.
      render: (d: string | null, p) =>
        p.clock ? (
          <DemandLight problem={p} compact />
        ) : d ? (
          <Typography.Text type={p.overdue ? 'danger' : undefined} style={NO_WRAP}>
            {d}
            {p.overdue ? <div>{t('problems.overdue')}</div> : null}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('problems.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: ProblemRecord['status'], p) => (
        <Tag color={STATUS_COLOR[s]} data-testid={`problem-status-${p.id}`} data-status={s} style={NO_WRAP}>
          {t(`problemStatus.${s}`)}
        </Tag>
      ),
    },
  ];
  // A row opens on its trail: where the problem was raised and taken up since (visits and events).
  return (
    <Table rowKey="id" size="small" loading={loading} columns={columns} dataSource={items} pagination={false} locale={{ emptyText }} data-testid={testId} scroll={{ x: showFirm ? 1040 : 860 }}
      expandable={{ expandedRowRender: (p) => <ProblemTrail problemId={p.id} withDemand />, expandRowByClick: false }} />
  );
}
