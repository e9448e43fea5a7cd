import { PrinterOutlined } from '@ant-design/icons';
import { DemoMark } from '../../components/DemoMark';
import { Button, Result, Skeleton } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countyName } from '../../../../shared/domain/divisions';
import type { Handbook, HandbookOptions } from '../../../../shared/domain/handbook';
import { call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';
// The same bundled font as the diagnosis report: the PDF looks the same and embeds it everywhere.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './report.css';
import { usePrintFontsReady } from './print-fonts';

/** The options travel in the URL, so the same printable page serves Electron's printToPDF and the browser. */
export function encodeHandbookOptions(options: HandbookOptions): string {
  return btoa(JSON.stringify(options)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function decode(text: string): HandbookOptions {
  return JSON.parse(atob(text.replace(/-/g, '+').replace(/_/g, '/'))) as HandbookOptions;
}

/** A4 content height: 297 mm less the 16 mm top and bottom margins of report.css's @page. */
const PAGE_MM = 297 - 2 * 16;
const MM_PER_PX = 25.4 / 96;

/** An element's height with its vertical margins, in millimetres. */
function heightMm(el: Element): number {
  const style = getComputedStyle(el);
  return (el.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom)) * MM_PER_PX;
}

/**
 * The page each section will start on when printed: the page lays out at the printed
 * width (182 mm), so the pages are counted here as the printer will break them — the
 * cover alone on page 1, each section on a new page, an entry never split across pages.
 * (Chromium cannot number a table of contents itself: it has no target-counter().)
 */
function sectionPages(root: HTMLElement): number[] {
  const blocks = Array.from(root.querySelectorAll(':scope > section'));
  const starts: number[] = [];
  let page = 2; // after the cover
  for (const block of blocks) {
    let used = 0;
    const pieces = block.querySelectorAll(':scope > h2, :scope > p, :scope > table > tbody > tr, :scope > .hb-entry');
    if (block.getAttribute('data-testid') === 'handbook-section') starts.push(page);
    for (const piece of Array.from(pieces)) {
      const h = heightMm(piece);
      if (used > 0 && used + h > PAGE_MM) {
        page++;
        used = 0;
      }
      used += h;
    }
    page++; // the next section breaks to a new page
  }
  return starts;
}

/** 《企业手册》: cover, contents, then one entry per firm, a section per county and chain segment, each section on a new page. */
export function HandbookPage({ encoded }: { encoded: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [handbook, setHandbook] = useState<Handbook | null>(null);
  const [error, setError] = useState<unknown>(null);
  const root = useRef<HTMLDivElement>(null);
  const lang = i18n.language === 'en' ? 'en' : 'zh';

  useEffect(() => {
    let options: HandbookOptions;
    try {
      options = decode(encoded);
    } catch (e) {
      setError(e);
      return;
    }
    call('handbook.get', options).then(setHandbook, setError);
  }, [encoded]);
  const fontsLoaded = usePrintFontsReady(root, handbook);
  const [pages, setPages] = useState<number[] | null>(null);
  // The contents' page numbers are counted once the page is laid out in its own font.
  useEffect(() => {
    if (fontsLoaded && root.current) setPages(sectionPages(root.current));
  }, [fontsLoaded, handbook]);

  if (error) return <Result status="warning" title={errorText(error)} />;
  if (!handbook) return <Skeleton active style={{ padding: 32 }} />;
  const tier = (v: string, kind: 'keyTier' | 'zjtx') => (v === 'none' ? '—' : t(`${kind}.${v}`));
  const sectionTitle = (s: Handbook['sections'][number]) => t('handbook.section', { county: countyName(s.countyCode, lang), segment: t(`segment.${s.chainSegment}`) });
  const c = (k: 'creditCode' | 'keyTier' | 'address' | 'zjtx' | 'categories' | 'certifications' | 'contacts' | 'lastDiagnosis' | 'openProblems') => t(`handbook.columns.${k}`);
  return (
    <div className="xl-report" data-testid="report" data-kind="handbook" data-ready={fontsLoaded && pages ? 'true' : 'false'} ref={root}>
      <Button className="print-button" type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
        {t('report.print')}
      </Button>
      <div className="cover">
        <h1>{t('handbook.cover')}</h1>
        <DemoMark />
        <div style={{ fontSize: '20pt', letterSpacing: 6 }}>{t('handbook.subtitle')}</div>
        <div className="meta">{t('handbook.generated', { date: handbook.generatedAt.slice(0, 10), count: handbook.total })}</div>
        {handbook.options.withContacts && (
          <div className="meta" data-testid="handbook-phones-note">
            {t(handbook.options.fullPhones ? 'privacy.coverFullPhones' : 'privacy.coverMasked')}
          </div>
        )}
      </div>
      <section data-testid="handbook-toc">
        <h2>{t('handbook.toc')}</h2>
        {handbook.sections.length === 0 && <p>{t('handbook.empty')}</p>}
        <table>
          <tbody>
            {handbook.sections.map((s, i) => (
              <tr key={i}>
                <td>
                  <a href={`#hb-${i}`}>{sectionTitle(s)}</a>
                </td>
                <td style={{ width: '20%' }}>{t('handbook.firms', { count: s.entries.length })}</td>
                <td style={{ width: '12%', textAlign: 'right' }} data-testid="toc-page">
                  {pages?.[i] ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {handbook.sections.map((s, i) => (
        <section key={i} id={`hb-${i}`} data-testid="handbook-section">
          <h2>{sectionTitle(s)}</h2>
          {s.entries.map((e) => (
            <div key={e.id} className="hb-entry" data-testid="handbook-entry">
              <h3>{e.name}</h3>
              <table>
                <tbody>
                  <tr>
                    <th style={{ width: '18%' }}>{c('creditCode')}</th>
                    <td>{e.creditCode || '—'}</td>
                    <th style={{ width: '16%' }}>{c('keyTier')}</th>
                    <td>{tier(e.keyTier, 'keyTier')}</td>
                  </tr>
                  <tr>
                    <th>{c('address')}</th>
                    <td>{e.address || '—'}</td>
                    <th>{c('zjtx')}</th>
                    <td>{tier(e.zjtxLevel, 'zjtx')}</td>
                  </tr>
                  <tr>
                    <th>{c('categories')}</th>
                    <td colSpan={3}>{e.categories.join('、') || '—'}</td>
                  </tr>
                  <tr>
                    <th>{c('certifications')}</th>
                    <td colSpan={3}>
                      {e.certifications.length === 0
                        ? '—'
                        : e.certifications.map((x, j) => (
                            <div key={j}>
                              {x.product} · {t('handbook.stars', { count: x.starLevel })} · {x.certificateNo} · {t('handbook.validUntil', { date: x.validUntil })}
                              {x.expired ? `（${t('firms.certExpired')}）` : ''}
                            </div>
                          ))}
                    </td>
                  </tr>
                  {handbook.options.withContacts && (
                    <tr>
                      <th>{c('contacts')}</th>
                      <td colSpan={3}>{e.contacts.map((p) => [p.name, p.role, p.phone].filter(Boolean).join(' ')).join('；') || '—'}</td>
                    </tr>
                  )}
                  <tr>
                    <th>{c('lastDiagnosis')}</th>
                    <td>{e.lastDiagnosis ?? t('handbook.never')}</td>
                    <th>{c('openProblems')}</th>
                    <td>{e.openProblems}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

