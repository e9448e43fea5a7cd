import { Checkbox, DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { KEY_TIERS } from '../../../../shared/domain/firm';
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../../../shared/domain/problem';
import type { SummaryFilter } from '../../../../shared/domain/summary';
import { FIRM_VISIT_KINDS } from '../../../../shared/domain/visit';
import { groupedOptions, useReference } from '../../stores/reference';
import { useCountyOptions } from '../../hooks/useCountyOptions';

const DAYS = [30, 90, 180, 365];

/** Every filter of the summary; each change produces a new filter object. */
export function SummaryFilters({ value, onChange }: { value: SummaryFilter; onChange: (f: SummaryFilter) => void }) {
  const { t, i18n } = useTranslation();
  const products = useReference('green_product');
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const countyOptions = useCountyOptions(lang);
  const set = <K extends keyof SummaryFilter>(key: K, v: SummaryFilter[K] | undefined) => {
    const next = { ...value };
    if (v === undefined || v === '') delete next[key];
    else next[key] = v;
    onChange(next);
  };
  const select = { allowClear: true, showSearch: true, optionFilterProp: 'label' } as const;
  return (
    <Space wrap size={[8, 8]}>
      <DatePicker.RangePicker
        id="summary-range"
        allowClear={false}
        value={[dayjs(value.from), dayjs(value.to)]}
        onChange={(r) => r?.[0] && r[1] && onChange({ ...value, from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') })}
      />
      <Select {...select} id="summary-county" placeholder={t('firms.allCounties')} style={{ width: 140 }} value={value.countyCode} onChange={(v) => set('countyCode', v)} options={countyOptions} />
      <Select {...select} placeholder={t('summary.allKinds')} style={{ width: 150 }} value={value.kind} onChange={(v) => set('kind', v)} options={FIRM_VISIT_KINDS.map((k) => ({ value: k, label: t(`visitKind.${k}`) }))} />
      <Input.Search allowClear placeholder={t('summary.officer')} style={{ width: 150 }} defaultValue={value.officer} onSearch={(v) => set('officer', v.trim() || undefined)} />
      <Select {...select} placeholder={t('firms.allCategories')} style={{ width: 200 }} value={value.firmCategory} onChange={(v) => set('firmCategory', v)} options={groupedOptions(products)} />
      <Select {...select} placeholder={t('firms.allTiers')} style={{ width: 160 }} value={value.keyTier} onChange={(v) => set('keyTier', v)} options={KEY_TIERS.filter((k) => k !== 'none').map((k) => ({ value: k, label: t(`keyTier.${k}`) }))} />
      <Select {...select} id="summary-problem-category" placeholder={t('summary.allProblemCategories')} style={{ width: 190 }} value={value.problemCategory} onChange={(v) => set('problemCategory', v)} options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problemCategory.${c}`) }))} />
      <Select {...select} placeholder={t('summary.allProblemStatuses')} style={{ width: 170 }} value={value.problemStatus} onChange={(v) => set('problemStatus', v)} options={PROBLEM_STATUSES.map((s) => ({ value: s, label: t(`problemStatus.${s}`) }))} />
      <Select style={{ width: 250 }} value={value.notVisitedDays ?? 90} onChange={(v) => set('notVisitedDays', v)} options={DAYS.map((d) => ({ value: d, label: t('summary.notVisitedDays', { days: d }) }))} />
      {/* 审核: a report may count only the visits a supervisor passed (their latest revision). */}
      <Checkbox checked={value.passedOnly === true} onChange={(e) => set('passedOnly', e.target.checked || undefined)} data-testid="summary-passed-only">
        {t('summary.passedOnly')}
      </Checkbox>
    </Space>
  );
}
