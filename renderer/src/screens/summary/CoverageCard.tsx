import { Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { countyName } from '../../../../shared/domain/divisions';
import type { Summary } from '../../../../shared/domain/summary';

const pct = (covered: number, assigned: number) => (assigned === 0 ? '—' : `${Math.round((covered / assigned) * 1000) / 10}%`);

/** 包联 coverage at the period's end: assigned firms within their cadence, by officer and county, and the overdue ones. */
export function CoverageCard({ summary }: { summary: Summary }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const s = summary.totals;
  const share = { title: t('summary.coverageShare'), key: 'share', render: (_: unknown, r: { assigned: number; covered: number }) => pct(r.covered, r.assigned) };
  return (
    <Card size="small" title={t('summary.assignmentTitle', { to: summary.filter.to })} data-testid="summary-coverage">
      <Space wrap size={24} style={{ marginBottom: 12 }}>
        <Statistic title={t('summary.assignedFirms')} value={s.assignedFirms} valueStyle={{ fontSize: 18 }} data-testid="figure-assigned" />
        <Statistic title={t('summary.assignedCovered')} value={s.assignedCovered} valueStyle={{ fontSize: 18 }} data-testid="figure-assigned-covered" />
        <Statistic title={t('summary.coverageShare')} value={pct(s.assignedCovered, s.assignedFirms)} valueStyle={{ fontSize: 18 }} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Table size="small" rowKey="officer" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={summary.coverageByOfficer} data-testid="coverage-by-officer" locale={{ emptyText: t('summary.noAssignments') }}
            columns={[{ title: t('summary.officer'), dataIndex: 'officer' }, { title: t('summary.assignedFirms'), dataIndex: 'assigned' }, { title: t('summary.assignedCovered'), dataIndex: 'covered' }, share]} />
        </Col>
        <Col xs={24} md={12}>
          <Table size="small" rowKey="countyCode" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={summary.coverageByCounty} locale={{ emptyText: t('summary.noAssignments') }}
            columns={[{ title: t('summary.county'), dataIndex: 'countyCode', render: (c: string) => countyName(c, lang) }, { title: t('summary.assignedFirms'), dataIndex: 'assigned' }, { title: t('summary.assignedCovered'), dataIndex: 'covered' }, share]} />
        </Col>
        <Col xs={24}>
          <Table size="small" rowKey="firmId" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={summary.overdueAssigned} data-testid="coverage-overdue"
            title={() => <Typography.Text strong>{t('summary.overdueAssigned', { count: summary.overdueAssigned.length })}</Typography.Text>}
            locale={{ emptyText: t('summary.noOverdue') }}
            columns={[
              { title: t('firms.name'), dataIndex: 'name', ellipsis: true },
              { title: t('summary.officer'), dataIndex: 'officer', width: 100 },
              { title: t('summary.lastVisit'), dataIndex: 'lastVisit', width: 110, render: (d: string | null) => d ?? <Typography.Text type="secondary">{t('firms.never')}</Typography.Text> },
              { title: t('assignments.dueDate'), dataIndex: 'dueDate', width: 110 },
              { title: t('summary.daysOverdue'), dataIndex: 'daysOverdue', width: 90 },
            ]} />
        </Col>
      </Row>
    </Card>
  );
}
