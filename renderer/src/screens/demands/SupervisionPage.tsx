import { App, Card, Pagination, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/api/contract';
import { COUNTIES, countyName } from '../../../../shared/domain/divisions';
import { PROBLEM_CATEGORIES } from '../../../../shared/domain/problem';
import { call } from '../../api';
import { ProblemTrail } from '../../components/ProblemTrail';
import { useErrorText } from '../../hooks/useErrorText';
import { useReference } from '../../stores/reference';
import { useRoute } from '../../stores/route';
import { DemandLight } from './DemandLight';
import { DemandPanel } from './DemandPanel';

type Listing = MethodOutput<'demands.list'>;
type Item = Listing['items'][number];
type LightFilter = 'red' | 'yellow' | 'green' | 'unhanded' | 'toClose' | 'all';
const PAGE = 50;

/**
 * 督办 (issue 31): the open demands of the supervisor's counties, red first, by county,
 * department, responsible officer and category. A row opens on the demand — deadlines, notes,
 * call-back, 延期 / 督办 / 销号 — and its trail. Read from this laptop's copy: offline too.
 */
export function SupervisionPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const departments = useReference('department');
  const [officers, setOfficers] = useState<string[]>([]);
  const [filter, setFilter] = useState<{ countyCode?: string; department?: string; officer?: string; category?: (typeof PROBLEM_CATEGORIES)[number] }>({});
  const [light, setLight] = useState<LightFilter>('all');
  const [page, setPage] = useState(1);
  const [listing, setListing] = useState<Listing | null>(null);
  const load = useCallback(() => {
    call('demands.list', { ...filter, ...(light === 'all' ? {} : { light }), limit: PAGE, offset: (page - 1) * PAGE })
      .then(setListing)
      .catch((error: unknown) => void message.error(errorText(error)));
  }, [filter, light, page, message, errorText]);
  useEffect(load, [load]);
  useEffect(() => void call('visits.officers').then(setOfficers, () => setOfficers([])), []);
  const set = (patch: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const counts = listing?.counts;
  const columns: ColumnsType<Item> = [
    { title: t('problems.status'), key: 'light', width: 250, render: (_: unknown, p) => <DemandLight problem={p} /> },
    { title: t('problems.firm'), dataIndex: 'firmName', width: 170, ellipsis: true, render: (name: string, p) => <Typography.Link onClick={() => go({ name: 'firm', id: p.firmId })}>{name}</Typography.Link> },
    { title: t('problems.category'), dataIndex: 'category', width: 100, render: (c: Item['category']) => <Tag>{t(`problemCategory.${c}`)}</Tag> },
    { title: t('problems.description'), dataIndex: 'description', onCell: () => ({ style: { minWidth: 200 } }) },
    { title: t('demands.department'), dataIndex: 'department', width: 130, ellipsis: true, render: (d: string) => d || '—' },
    { title: t('demands.responsible'), dataIndex: 'responsible', width: 90, render: (r: string | null) => r ?? '—' },
    { title: t('demands.county'), dataIndex: 'countyCode', width: 90, render: (c: string) => countyName(c, lang) },
  ];
  return (
    <Card title={t('demands.title')} data-testid="supervision-page">
      <Typography.Paragraph type="secondary">{t('demands.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('demands.county')} style={{ width: 140 }} value={filter.countyCode} onChange={(v?: string) => set({ countyCode: v })} options={COUNTIES.map((c) => ({ value: c.code, label: countyName(c.code, lang) }))} data-testid="supervision-county" />
        <Select allowClear showSearch placeholder={t('demands.department')} style={{ width: 200 }} value={filter.department} onChange={(v?: string) => set({ department: v })} options={departments.map((d) => ({ value: d.name, label: d.name }))} data-testid="supervision-department" />
        <Select allowClear showSearch placeholder={t('demands.responsible')} style={{ width: 140 }} value={filter.officer} onChange={(v?: string) => set({ officer: v })} options={officers.map((o) => ({ value: o, label: o }))} data-testid="supervision-officer" />
        <Select allowClear placeholder={t('demands.category')} style={{ width: 150 }} value={filter.category} onChange={(v?: Item['category']) => set({ category: v })} options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problemCategory.${c}`) }))} data-testid="supervision-category" />
      </Space>
      <Radio.Group
        value={light}
        onChange={(e) => {
          setLight(e.target.value as LightFilter);
          setPage(1);
        }}
        optionType="button"
        style={{ display: 'block', marginBottom: 12 }}
        data-testid="supervision-light"
        options={[
          { value: 'all', label: t('demands.all') },
          ...(['red', 'yellow', 'green', 'unhanded', 'toClose'] as const).map((l) => ({ value: l, label: `${t(`demands.light.${l}`)} ${counts ? counts[l] : ''}` })),
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        loading={listing === null}
        columns={columns}
        dataSource={listing?.items ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('demands.empty') }}
        data-testid="supervision-table"
        expandable={{
          expandedRowRender: (p) => (
            <>
              <DemandPanel problem={p} onChanged={load} />
              <ProblemTrail problemId={p.id} />
            </>
          ),
        }}
      />
      <Space style={{ marginTop: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">{t('demands.total', { count: listing?.total ?? 0 })}</Typography.Text>
        <Pagination current={page} pageSize={PAGE} total={listing?.total ?? 0} onChange={setPage} showSizeChanger={false} size="small" />
      </Space>
    </Card>
  );
}
