import { App, Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount } from '../../stores/account';
import { HandbookCard } from './HandbookCard';
import { KeyFirmListCard } from './KeyFirmListCard';
import { countyName } from '../../../../shared/domain/divisions';
import type { Summary, SummaryFilter } from '../../../../shared/domain/summary';
import { localToday } from '../../../../shared/domain/visit';
import { call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';
import { ChartCard } from './ChartCard';
import { ExportButtons } from './ExportButtons';
import { SummaryFilters } from './SummaryFilters';
import { CoverageCard } from './CoverageCard';
import { DemandFiguresCard } from './DemandFiguresCard';

const GREEN = ['#1f7a4d', '#52a37a', '#a7d3b9'];
const STATUS_COLORS = ['#fa8c16', '#1677ff', '#1f7a4d'];

function bar(categories: string[], series: { name: string; data: number[]; color?: string }[], stack = false) {
  return {
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { bottom: 0 } : undefined,
    grid: { left: 40, right: 16, top: 16, bottom: series.length > 1 ? 48 : 24, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, stack: stack ? 'total' : undefined, itemStyle: s.color ? { color: s.color } : undefined, barMaxWidth: 36 })),
  };
}

/** The supervisor's summary: figures, charts with their tables, key firms not visited. */
export function SummaryPage() {
  const role = useAccount((a) => a.status?.account?.role);
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const [filter, setFilter] = useState<SummaryFilter>(() => ({ from: `${localToday().slice(0, 4)}-01-01`, to: localToday() }));
  const [summary, setSummary] = useState<Summary | null>(null);

  useEffect(() => {
    let current = true;
    call('summary.get', filter)
      .then((s) => current && setSummary(s))
      .catch((error: unknown) => void message.error(errorText(error)));
    return () => {
      current = false;
    };
  }, [filter, message, errorText]);

  const charts = useMemo(() => {
    if (!summary) return null;
    const county = (c: string) => countyName(c, lang);
    return {
      month: bar(summary.visitsPerMonth.map((m) => m.month), [{ name: t('summary.visits'), data: summary.visitsPerMonth.map((m) => m.visits), color: GREEN[0] }]),
      county: bar(summary.visitsPerCounty.map((c) => county(c.countyCode)), [
        { name: t('summary.visits'), data: summary.visitsPerCounty.map((c) => c.visits), color: GREEN[0] },
        { name: t('summary.firms'), data: summary.visitsPerCounty.map((c) => c.firms), color: GREEN[2] },
      ]),
      problems: bar(
        summary.problemsByCategory.map((p) => t(`problemCategory.${p.category}`)),
        (['open', 'inProgress', 'resolved'] as const).map((k, i) => ({
          name: t(`problemStatus.${k === 'inProgress' ? 'in_progress' : k}`),
          data: summary.problemsByCategory.map((p) => p[k]),
          color: STATUS_COLORS[i]!,
        })),
        true,
      ),
      certs: bar(
        summary.certifications.map((c) => c.group),
        ([1, 2, 3] as const).map((n) => ({ name: t('summary.star', { n }), data: summary.certifications.map((c) => c[`star${n}`]), color: GREEN[3 - n]! })),
        true,
      ),
    };
  }, [summary, t, lang]);

  const s = summary?.totals;
  const money = (v: number) => `${v.toLocaleString(i18n.language)} ${t('survey.wan')}`;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? t('summary.none') : `${(v * 100).toFixed(1)}%`);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('summary.title')} size="small" extra={<ExportButtons filter={filter} />}>
        <SummaryFilters value={filter} onChange={setFilter} />
      </Card>
      {s && charts && summary && (
        <>
          <Row gutter={[16, 16]} data-testid="summary-figures">
            {[
              [t('summary.visits'), s.visits, 'visits'],
              [t('summary.firmsVisited'), s.firmsVisited, 'firms'],
              [t('summary.coverage'), `${s.keyFirmsVisited} / ${s.keyFirms}`, 'coverage'],
              [t('summary.problems'), s.problems, 'problems'],
              [t('summary.resolutionRate'), pct(s.resolutionRate), 'resolution'],
              [t('summary.medianDays'), s.medianDaysToResolve === null ? t('summary.none') : `${s.medianDaysToResolve} ${t('summary.days')}`, 'median'],
              [t('summary.financingDemand'), money(s.financingDemand), 'financing'],
              [t('summary.matchmakingFirms'), s.matchmakingFirms, 'matchmaking'],
              [t('summary.financingReceived'), money(s.financingReceived), 'financing-received'],
              [t('summary.demandMetShare'), pct(s.demandMetShare), 'demand-met'],
              [t('summary.certificatesExpiring'), s.certificatesExpiring, 'certificates-expiring'],
              [t('summary.eliminatedFirms'), `${s.eliminatedFirmsResolved} / ${s.eliminatedFirms}`, 'eliminated'],
              [t('summary.eventsHeld'), s.eventsHeld, 'events'],
              [t('summary.firmsReached'), s.firmsReached, 'firms-reached'],
            ].map(([label, value, id]) => (
              <Col key={id as string} xs={12} md={6}>
                <Card size="small">
                  <Statistic title={label} value={value as string | number} valueStyle={{ fontSize: 22 }} data-testid={`figure-${id as string}`} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <ChartCard testId="chart-month" title={t('summary.perMonth')} option={charts.month} rows={summary.visitsPerMonth} rowKey="month"
                columns={[{ title: t('summary.month'), dataIndex: 'month' }, { title: t('summary.visits'), dataIndex: 'visits' }]} />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard testId="chart-county" title={t('summary.perCounty')} option={charts.county} rows={summary.visitsPerCounty} rowKey="countyCode"
                columns={[{ title: t('summary.county'), dataIndex: 'countyCode', render: (c: string) => countyName(c, lang) }, { title: t('summary.visits'), dataIndex: 'visits' }, { title: t('summary.firms'), dataIndex: 'firms' }]} />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard testId="chart-problems" title={t('summary.problemsByCategory')} option={charts.problems} rows={summary.problemsByCategory} rowKey="category"
                columns={[
                  { title: t('problems.category'), dataIndex: 'category', render: (c: string) => t(`problemCategory.${c}`) },
                  { title: t('problemStatus.open'), dataIndex: 'open' },
                  { title: t('problemStatus.in_progress'), dataIndex: 'inProgress' },
                  { title: t('problemStatus.resolved'), dataIndex: 'resolved' },
                ]} />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard testId="chart-certs" title={t('summary.certifications')} option={charts.certs} rows={summary.certifications} rowKey="group"
                columns={[{ title: t('summary.group'), dataIndex: 'group' }, ...([1, 2, 3] as const).map((n) => ({ title: t('summary.star', { n }), dataIndex: `star${n}` }))]} />
            </Col>
          </Row>
          <Card size="small" title={`${t('summary.notVisited')}（${summary.keyFirmsNotVisited.length}）`}>
            <Table size="small" rowKey="firmId" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={summary.keyFirmsNotVisited}
              columns={[
                { title: t('firms.name'), dataIndex: 'name' },
                { title: t('firms.county'), dataIndex: 'countyCode', render: (c: string) => countyName(c, lang) },
                { title: t('summary.lastVisit'), dataIndex: 'lastVisit', render: (d: string | null) => d ?? <Typography.Text type="secondary">{t('firms.never')}</Typography.Text> },
              ]} />
          </Card>
          <CoverageCard summary={summary} />
          <DemandFiguresCard summary={summary} />
          <Card size="small" title={t('summary.financingCases')} data-testid="summary-financing">
            <Space wrap size={24} style={{ marginBottom: 12 }}>
              {[
                [t('summary.financingDemand'), s.financingDemand],
                [t('summary.financingReferred'), s.financingReferred],
                [t('summary.financingApproved'), s.financingApproved],
                [t('summary.financingReceived'), s.financingReceived],
              ].map(([label, value]) => (
                <Statistic key={label as string} title={label} value={money(value as number)} valueStyle={{ fontSize: 18 }} />
              ))}
              <Statistic title={t('summary.medianDaysToFunds')} value={s.medianDaysToFunds === null ? t('summary.none') : `${s.medianDaysToFunds} ${t('summary.days')}`} valueStyle={{ fontSize: 18 }} data-testid="figure-days-to-funds" />
            </Space>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={10}>
                <Table size="small" rowKey="bank" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={summary.financingByBank} data-testid="financing-by-bank"
                  locale={{ emptyText: t('summary.noFinancingSteps') }}
                  columns={[
                    { title: t('summary.bank'), dataIndex: 'bank' },
                    { title: t('summary.cases'), dataIndex: 'cases' },
                    { title: t('summary.financingApproved'), dataIndex: 'approved', render: money },
                    { title: t('summary.financingReceived'), dataIndex: 'received', render: money },
                  ]} />
              </Col>
              <Col xs={24} md={12} xl={7}>
                <Table size="small" rowKey="countyCode" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={summary.financingByCounty} data-testid="financing-by-county"
                  columns={[
                    { title: t('summary.county'), dataIndex: 'countyCode', render: (c: string) => countyName(c, lang) },
                    { title: t('summary.financingDemand'), dataIndex: 'demand', render: money },
                    { title: t('summary.financingReceived'), dataIndex: 'received', render: money },
                  ]} />
              </Col>
              <Col xs={24} md={12} xl={7}>
                <Table size="small" rowKey="month" pagination={{ pageSize: 12, hideOnSinglePage: true }} dataSource={summary.financingByMonth} data-testid="financing-by-month"
                  columns={[
                    { title: t('summary.month'), dataIndex: 'month' },
                    { title: t('summary.financingApproved'), dataIndex: 'approved', render: money },
                    { title: t('summary.financingReceived'), dataIndex: 'received', render: money },
                  ]} />
              </Col>
            </Row>
          </Card>
          <Card size="small" title={t('summary.eventsTitle')} data-testid="summary-events">
            <Table size="small" rowKey="kind" pagination={false} dataSource={summary.eventsByKind} locale={{ emptyText: t('summary.noEvents') }}
              columns={[
                { title: t('summary.eventKind'), dataIndex: 'kind', render: (k: string) => t(`eventKind.${k}`) },
                { title: t('summary.events'), dataIndex: 'events' },
                { title: t('summary.firmsReached'), dataIndex: 'firmsReached' },
              ]} />
          </Card>
          <Card size="small" title={`${t('summary.expiringCertificates')}（${summary.expiringCertificates.length}）`} data-testid="summary-expiring">
            <Table size="small" rowKey={(c) => `${c.firmId}/${c.product}/${c.certificateNo}`} pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={summary.expiringCertificates}
              columns={[
                { title: t('firms.name'), dataIndex: 'firmName' },
                { title: t('firms.county'), dataIndex: 'countyCode', render: (c: string) => countyName(c, lang) },
                { title: t('survey.product'), dataIndex: 'product' },
                { title: t('survey.starLevel'), dataIndex: 'starLevel', render: (n: number) => '★'.repeat(n) },
                { title: t('firms.certNo'), dataIndex: 'certificateNo' },
                { title: t('firms.certValidUntil'), dataIndex: 'validUntil' },
              ]} />
          </Card>
        </>
      )}
      {(role === 'supervisor' || role === 'admin') && <KeyFirmListCard />}
      <HandbookCard />
    </Space>
  );
}
