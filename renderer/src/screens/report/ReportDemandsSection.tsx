import { useTranslation } from 'react-i18next';
import { countyName } from '../../../../shared/domain/divisions';
import type { Summary } from '../../../../shared/domain/summary';
import { percentText } from '../summary/DemandFiguresCard';

const CN_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七'];

/** The report's section on demand handling (issue 31): the totals in a sentence, then by department and by county. */
export function ReportDemandsSection({ summary, numbered }: { summary: Summary; numbered: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const d = summary.totals.demands;
  const groups = [
    { key: 'department', rows: summary.demandsByDepartment, name: (k: string) => k || t('summary.demandNoDepartment') },
    { key: 'county', rows: summary.demandsByCounty, name: (k: string) => countyName(k, lang) },
  ] as const;
  return (
    <section data-testid="report-demands">
      <h2>{t('report.demands', { n: numbered, cn: CN_NUMERALS[numbered] })}</h2>
      <p data-testid="report-demands-line">
        {t('report.demandsLine', {
          to: summary.filter.to,
          handed: d.handed,
          resolved: d.resolved,
          onTime: d.onTime,
          late: d.resolved - d.onTime,
          onTimeRate: percentText(d.onTimeRate),
          overdue: d.overdue,
          days: d.avgWorkingDays ?? '—',
          satisfaction: percentText(d.satisfactionRate),
          callbacks: d.callbacks,
          extensions: d.extensions,
        })}
      </p>
      {d.uncoveredYears.length > 0 && <p data-testid="report-demands-uncovered">{t('demands.uncovered', { years: d.uncoveredYears.join('、') })}</p>}
      {groups.map((g) => (
        <table key={g.key} style={{ marginTop: '4mm' }}>
          <thead>
            <tr>
              <th>{t(`summary.demandGroup.${g.key}`)}</th>
              <th className="nowrap">{t('summary.demandHanded')}</th>
              <th className="nowrap">{t('summary.demandResolved')}</th>
              <th className="nowrap">{t('summary.demandOnTimeRate')}</th>
              <th className="nowrap">{t('summary.demandOverdue')}</th>
              <th className="nowrap">{t('summary.demandSatisfaction')}</th>
            </tr>
          </thead>
          <tbody>
            {g.rows.map((r) => (
              <tr key={r.key}>
                <td>{g.name(r.key)}</td>
                <td className="nowrap">{r.handed}</td>
                <td className="nowrap">{r.resolved}</td>
                <td className="nowrap">{percentText(r.onTimeRate)}</td>
                <td className={r.overdue ? 'nowrap overdue' : 'nowrap'}>{r.overdue}</td>
                <td className="nowrap">{percentText(r.satisfactionRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
