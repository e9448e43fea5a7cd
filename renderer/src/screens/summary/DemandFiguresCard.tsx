import { Alert, Card, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { countyName } from '../../../../shared/domain/divisions';
import type { DemandFigureRow, Summary } from '../../../../shared/domain/summary';

export const percentText = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** Demand handling (issue 31): on time, overdue, working days to resolve, satisfaction, extensions — in all and by county, department, officer and category. */
export function DemandFiguresCard({ summary }: { summary: Summary }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const d = summary.totals.demands;
  const name = { county: (k: string) => countyName(k, lang), department: (k: string) => k || t('summary.demandNoDepartment'), officer: (k: string) => k, category: (k: string) => t(`problemCategory.${k}`) };
  const table = (group: keyof typeof name, rows: DemandFigureRow[]) => (
    <Table
      size="small"
      rowKey="key"
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={rows}
      data-testid={`demands-by-${group}`}
      locale={{ emptyText: t('summary.noDemands') }}
      scroll={{ x: 760 }}
      columns={[
        { title: t(`summary.demandGroup.${group}`), dataIndex: 'key', render: (k: string) => name[group](k) },
        { title: t('summary.demandHanded'), dataIndex: 'handed', width: 80 },
        { title: t('summary.demandResolved'), dataIndex: 'resolved', width: 80 },
        { title: t('summary.demandOnTimeRate'), dataIndex: 'onTimeRate', width: 100, render: percentText },
        { title: t('summary.demandOverdue'), dataIndex: 'overdue', width: 90 },
        { title: t('summary.demandAvgDays'), dataIndex: 'avgWorkingDays', width: 110, render: (v: number | null) => v ?? '—' },
        { title: t('summary.demandSatisfaction'), dataIndex: 'satisfactionRate', width: 90, render: percentText },
        { title: t('summary.demandExtensions'), dataIndex: 'extensions', width: 80 },
      ]}
    />
  );
  return (
    <Card size="small" title={t('summary.demandTitle', { to: summary.filter.to })} data-testid="summary-demands">
      <Space wrap size={24} style={{ marginBottom: 12 }}>
        <Statistic title={t('summary.demandHanded')} value={d.handed} valueStyle={{ fontSize: 18 }} data-testid="figure-demands-handed" />
        <Statistic title={t('summary.demandResolved')} value={d.resolved} valueStyle={{ fontSize: 18 }} data-testid="figure-demands-resolved" />
        <Statistic title={t('summary.demandOnTimeRate')} value={percentText(d.onTimeRate)} valueStyle={{ fontSize: 18 }} data-testid="figure-demands-on-time" />
        <Statistic title={t('summary.demandOverdue')} value={d.overdue} valueStyle={{ fontSize: 18, color: d.overdue ? '#cf1322' : undefined }} data-testid="figure-demands-overdue" />
        <Statistic title={t('summary.demandAvgDays')} value={d.avgWorkingDays ?? '—'} valueStyle={{ fontSize: 18 }} data-testid="figure-demands-days" />
        <Statistic title={t('summary.demandSatisfaction')} value={percentText(d.satisfactionRate)} valueStyle={{ fontSize: 18 }} data-testid="figure-demands-satisfaction" />
        <Statistic title={t('summary.demandExtensions')} value={d.extensions} valueStyle={{ fontSize: 18 }} />
      </Space>
      {d.uncoveredYears.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('demands.uncovered', { years: d.uncoveredYears.join('、') })} data-testid="summary-demands-uncovered" />}
      {d.resolvedWithoutCallback > 0 && (
        <Typography.Paragraph type="secondary">{t('summary.demandWithoutCallback', { count: d.resolvedWithoutCallback })}</Typography.Paragraph>
      )}
      <Tabs
        size="small"
        items={[
          { key: 'county', label: t('summary.demandGroup.county'), children: table('county', summary.demandsByCounty) },
          { key: 'department', label: t('summary.demandGroup.department'), children: table('department', summary.demandsByDepartment) },
          { key: 'officer', label: t('summary.demandGroup.officer'), children: table('officer', summary.demandsByOfficer) },
          { key: 'category', label: t('summary.demandGroup.category'), children: table('category', summary.demandsByCategory) },
        ]}
      />
    </Card>
  );
}
