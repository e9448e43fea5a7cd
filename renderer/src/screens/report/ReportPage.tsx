import { ReportDemandsSection } from './ReportDemandsSection';
import { PrinterOutlined } from '@ant-design/icons';
import { DemoMark } from '../../components/DemoMark';
import { Button, Result, Skeleton } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countyName } from '../../../../shared/domain/divisions';
import type { Report, SummaryFilter } from '../../../../shared/domain/summary';
import { call } from '../../api';
import { EChart } from '../../components/EChart';
import { formatDateTime } from '../../format';
import { useErrorText } from '../../hooks/useErrorText';
// The report's own font (Noto Sans SC, SIL OFL 1.1), bundled so the PDF looks the same and embeds
// it on every computer; the browser fetches only the unicode-range pieces the report uses. Static
// weights, not the variable font: Chromium embeds a variable font in a PDF as Type 3 outlines.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './report.css';
import { REPORT_FONT, usePrintFontsReady } from './print-fonts';

/** The filter travels in the URL, so the same printable page serves Electron's printToPDF and the browser. */
export function encodeFilter(filter: SummaryFilter): string {
  return btoa(unescape(encodeURIComponent(JSON.stringify(filter)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeFilter(text: string): SummaryFilter {
  return JSON.parse(decodeURIComponent(escape(atob(text.replace(/-/g, '+').replace(/_/g, '/'))))) as SummaryFilter;
}


const barOption = (categories: string[], values: number[]) => ({
  textStyle: { fontFamily: `'${REPORT_FONT}', sans-serif` }, // the charts' SVG text embeds the same font as the page
  grid: { left: 36, right: 12, top: 12, bottom: 28, containLabel: true },
  xAxis: { type: 'category', data: categories, axisLabel: { interval: 0 } },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: values, itemStyle: { color: '#1f7a4d' }, barMaxWidth: 28, label: { show: true, position: 'top' } }],
});

/** 诊链报告: title page, filter, figures and charts, problems by category, open problems, appendix. */
export function ReportPage({ encoded }: { encoded: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const root = useRef<HTMLDivElement>(null);
  const fontsLoaded = usePrintFontsReady(root, report);
  useEffect(() => {
    let filter: SummaryFilter;
    try {
      filter = decodeFilter(encoded);
    } catch (e) {
      setError(e);
      return;
    }
    call('report.get', filter).then(setReport, setError);
  }, [encoded]);
  if (error) return <Result status="warning" title={errorText(error)} />;
  if (!report) return <Skeleton active />;
  const { summary } = report;
  const s = summary.totals;
  const f = summary.filter;
  const filterText = [f.countyCode && countyName(f.countyCode, lang), f.kind && t(`visitKind.${f.kind}`), f.officer, f.firmCategory, f.problemCategory && t(`problemCategory.${f.problemCategory}`), f.passedOnly && t('summary.passedOnly')].filter(Boolean).join('、') || t('report.noFilter');
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  return (
    <div className="xl-report" data-testid="report" data-ready={fontsLoaded ? 'true' : 'false'} ref={root}>
      <Button className="print-button" type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
        {t('report.print')}
      </Button>
      <div className="cover">
        <h1>{t('report.title')}</h1>
        <DemoMark />
        <div>{t('report.period', { from: f.from, to: f.to })}</div>
        <div className="meta">
          <div>{t('report.issuer')}</div>
          <div>{t('report.filter')}：{filterText}</div>
          <div>{t('report.generated', { time: formatDateTime(report.generatedAt) })}</div>
        </div>
      </div>
      <section>
        <h2>{t('report.overview')}</h2>
        <div className="figures">
          {[
            [t('summary.visits'), s.visits],
            [t('summary.firmsVisited'), s.firmsVisited],
            [t('summary.coverage'), `${s.keyFirmsVisited} / ${s.keyFirms}`],
            [t('summary.problems'), s.problems],
            [t('summary.resolutionRate'), pct(s.resolutionRate)],
            [t('summary.medianDays'), s.medianDaysToResolve ?? '—'],
            [`${t('summary.financingDemand')}（${t('survey.wan')}）`, s.financingDemand.toLocaleString(i18n.language)],
            [t('summary.matchmakingFirms'), s.matchmakingFirms],
            [`${t('summary.financingReceived')}（${t('survey.wan')}）`, s.financingReceived.toLocaleString(i18n.language)],
            [t('summary.demandMetShare'), pct(s.demandMetShare)],
            [t('summary.certificatesExpiring'), s.certificatesExpiring],
            [t('summary.eliminatedFirms'), `${s.eliminatedFirmsResolved} / ${s.eliminatedFirms}`],
            [t('summary.eventsHeld'), s.eventsHeld],
            [t('summary.firmsReached'), s.firmsReached],
          ].map(([label, value]) => (
            <div className="figure" key={String(label)}>
              {label}
              <b>{value}</b>
            </div>
          ))}
        </div>
        <h3>{t('summary.notVisited')}（{summary.keyFirmsNotVisited.length}）</h3>
        <p>{summary.keyFirmsNotVisited.map((k) => k.name).join('、') || t('report.none')}</p>
        <h3>{t('summary.financingCases')}</h3>
        <p>
          {t('summary.financingLine', { demand: s.financingDemand, referred: s.financingReferred, approved: s.financingApproved, received: s.financingReceived, days: s.medianDaysToFunds ?? '—' })}
          {summary.financingByBank.length > 0 && `${t('summary.byBank')}${summary.financingByBank.map((b) => `${b.bank} ${b.received}`).join('、')}`}
        </p>
        <h3>{t('summary.eventsTitle')}</h3>
        <p data-testid="report-events">
          {t('summary.eventsLine', { events: s.eventsHeld, firms: s.firmsReached })}
          {summary.eventsByKind.map((e) => t('summary.eventsOfKind', { kind: t(`eventKind.${e.kind}`), events: e.events, firms: e.firmsReached })).join(t('common.listSeparator'))}
        </p>
        <h3>{t('summary.expiringCertificates')}（{summary.expiringCertificates.length}）</h3>
        <p>{summary.expiringCertificates.map((c) => `${c.firmName} ${c.product}（${c.validUntil}）`).join('、') || t('report.none')}</p>
        <h2 style={{ marginTop: '8mm' }}>{t('report.charts')}</h2>
        <div className="chart">
          <h3>{t('summary.perMonth')}</h3>
          <EChart print height={200} option={barOption(summary.visitsPerMonth.map((m) => m.month), summary.visitsPerMonth.map((m) => m.visits))} />
        </div>
        <div className="chart">
          <h3>{t('summary.perCounty')}</h3>
          <EChart print height={200} option={barOption(summary.visitsPerCounty.map((c) => countyName(c.countyCode, lang)), summary.visitsPerCounty.map((c) => c.visits))} />
        </div>
      </section>
      <section>
        <h2>{t('report.byCategory')}</h2>
        <table>
          <thead>
            <tr>
              <th style={{ width: '16%' }}>{t('problems.category')}</th>
              <th style={{ width: '10%' }}>{t('report.count')}</th>
              <th>{t('report.firmsConcerned')}</th>
            </tr>
          </thead>
          <tbody>
            {report.problemGroups.map((g) => (
              <tr key={g.category}>
                <td className="nowrap">{t(`problemCategory.${g.category}`)}</td>
                <td className="nowrap">{g.count}</td>
                <td>{g.firms.join('、')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 style={{ marginTop: '8mm' }}>{t('report.openProblems')}</h2>
        <table>
          <thead>
            <tr>
              <th style={{ width: '22%' }}>{t('problems.firm')}</th>
              <th className="nowrap">{t('problems.category')}</th>
              <th>{t('problems.description')}</th>
              <th style={{ width: '15%' }}>{t('problems.department')}</th>
              <th className="nowrap">{t('problems.due')}</th>
              <th className="nowrap">{t('problems.status')}</th>
            </tr>
          </thead>
          <tbody>
            {report.openProblems.map((p, i) => (
              <tr key={i}>
                <td>{p.firm}</td>
                <td className="nowrap">{t(`problemCategory.${p.category}`)}</td>
                <td>{p.description}</td>
                <td>{p.department || '—'}</td>
                <td className={p.overdue ? 'overdue nowrap' : 'nowrap'}>{p.dueDate ?? '—'}</td>
                <td className="nowrap">{t(`problemStatus.${p.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {summary.totals.assignedFirms > 0 ? (
        <section data-testid="report-coverage">
          <h2>{t('report.coverage')}</h2>
          <p>{t('report.coverageLine', { to: summary.filter.to, assigned: summary.totals.assignedFirms, covered: summary.totals.assignedCovered, rate: summary.totals.coverageRate === null ? '—' : `${Math.round(summary.totals.coverageRate * 1000) / 10}%` })}</p>
          <table>
            <thead>
              <tr>
                <th>{t('summary.officer')}</th>
                <th className="nowrap">{t('summary.assignedFirms')}</th>
                <th className="nowrap">{t('summary.assignedCovered')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.coverageByOfficer.map((o) => (
                <tr key={o.officer}>
                  <td>{o.officer}</td>
                  <td className="nowrap">{o.assigned}</td>
                  <td className="nowrap">{o.covered}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.overdueAssigned.length > 0 ? (
            <table style={{ marginTop: '4mm' }}>
              <thead>
                <tr>
                  <th>{t('firms.name')}</th>
                  <th className="nowrap">{t('firms.county')}</th>
                  <th className="nowrap">{t('summary.officer')}</th>
                  <th className="nowrap">{t('summary.lastVisit')}</th>
                  <th className="nowrap">{t('assignments.dueDate')}</th>
                  <th className="nowrap">{t('summary.daysOverdue')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.overdueAssigned.map((o) => (
                  <tr key={o.firmId}>
                    <td>{o.name}</td>
                    <td className="nowrap">{countyName(o.countyCode, lang)}</td>
                    <td className="nowrap">{o.officer}</td>
                    <td className="nowrap">{o.lastVisit ?? t('firms.never')}</td>
                    <td className="nowrap overdue">{o.dueDate}</td>
                    <td className="nowrap">{o.daysOverdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
      {summary.totals.demands.handed > 0 || summary.totals.demands.callbacks > 0 ? <ReportDemandsSection summary={summary} numbered={summary.totals.assignedFirms > 0 ? 6 : 5} /> : null}
      <section>
        <h2>{t('report.appendix')}</h2>
        <table>
          <thead>
            <tr>
              <th style={{ width: '13%' }}>{t('visits.date')}</th>
              <th>{t('visits.firm')}</th>
              <th style={{ width: '10%' }}>{t('firms.county')}</th>
              <th style={{ width: '10%' }}>{t('visits.kind')}</th>
              <th>{t('form.conclusion')}</th>
            </tr>
          </thead>
          <tbody>
            {report.visits.map((v, i) => (
              <tr key={i}>
                <td className="nowrap">{v.date}</td>
                <td>{v.firm}</td>
                <td className="nowrap">{countyName(v.countyCode, lang)}</td>
                <td className="nowrap">{t(`visitKind.${v.kind}`)}</td>
                <td>{v.conclusion}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.visitsOmitted > 0 && <p>{t('report.omitted', { count: report.visitsOmitted })}</p>}
      </section>
    </div>
  );
}
