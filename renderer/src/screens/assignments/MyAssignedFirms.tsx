import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/api/contract';
import { countyName } from '../../../../shared/domain/divisions';
import { useRoute } from '../../stores/route';
import { DUE_COLOR, dueText } from './assignment-text';

export type MyAssignments = MethodOutput<'assignments.mine'>;
type Item = MyAssignments['items'][number];

/**
 * 我的包联企业: the firms this officer answers for, overdue first, then due soon — with the days
 * since each was last visited, counted by the bureau's cadence for its tier.
 */
export function MyAssignedFirms({ data }: { data: MyAssignments }) {
  const { t, i18n } = useTranslation();
  const go = useRoute((s) => s.go);
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const columns: ColumnsType<Item> = [
    {
      title: t('firms.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, firm) => (
        <Typography.Link strong onClick={() => go({ name: 'firm', id: firm.id })} data-testid={`mine-link-${firm.id}`}>
          {name}
        </Typography.Link>
      ),
    },
    { title: t('firms.county'), dataIndex: 'countyCode', width: 90, render: (code: string) => countyName(code, lang) },
    { title: t('firms.keyTier'), dataIndex: 'keyTier', width: 90, render: (tier: Item['keyTier']) => (tier === 'none' ? '—' : <Tag color={tier === 'key' ? 'green' : 'blue'}>{t(`keyTier.${tier}`)}</Tag>) },
    {
      title: t('assignments.lastVisit'),
      dataIndex: 'lastVisitDate',
      width: 170,
      render: (d: string | null, firm) =>
        d ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            {d} <Typography.Text type="secondary">{firm.daysSinceVisit ? t('assignments.daysAgo', { count: firm.daysSinceVisit }) : t('assignments.visitedToday')}</Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">{t('assignments.neverVisited')}</Typography.Text>
        ),
    },
    { title: t('assignments.dueDate'), dataIndex: 'dueDate', width: 110, render: (d: string) => <span style={{ whiteSpace: 'nowrap' }}>{d}</span> },
    {
      title: t('assignments.state'),
      dataIndex: 'state',
      width: 130,
      render: (state: Item['state'], firm) => (
        <Tag color={DUE_COLOR[state]} data-testid={`due-${firm.id}`} data-state={state} style={{ whiteSpace: 'nowrap' }}>
          {dueText(t, state, firm.daysLeft)}
        </Tag>
      ),
    },
    { title: t('firms.openProblems'), dataIndex: 'openProblems', width: 96, align: 'center', render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : <Typography.Text type="secondary">0</Typography.Text>) },
  ];
  const overdue = data.items.filter((f) => f.state === 'overdue').length;
  const soon = data.items.filter((f) => f.state === 'dueSoon').length;
  return (
    <div data-testid="my-assigned-firms">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('assignments.mineIntro', { count: data.items.length, overdue, soon })}
        <br />
        {t('assignments.cadenceLine', data.cadence)}
      </Typography.Paragraph>
      <Table rowKey="id" size="small" columns={columns} dataSource={data.items} pagination={data.items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false} locale={{ emptyText: t('assignments.mineEmpty') }} data-testid="mine-table"
        onRow={(firm) => ({ onDoubleClick: () => go({ name: 'firm', id: firm.id }) })} />
    </div>
  );
}
