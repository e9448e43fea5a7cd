import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countyName } from '../../../shared/domain/divisions';
import { KEY_TIERS, ZJTX_LEVELS, type FirmFilter, type FirmSummary } from '../../../shared/domain/firm';
import { call } from '../api';
import { ExpiringCertificatesCard } from '../components/ExpiringCertificatesCard';
import { bridge } from '../bridge';
import { useErrorText } from '../hooks/useErrorText';
import { groupedOptions, useReference } from '../stores/reference';
import { useRoute } from '../stores/route';
import { useCountyOptions } from '../hooks/useCountyOptions';
import { create } from 'zustand';
import { MyAssignedFirms, type MyAssignments } from './assignments/MyAssignedFirms';
import { ToReviseCard } from './reviews/ToReviseCard';
import { SupervisedCard } from './demands/SupervisedCard';

/** Which tab the home screen shows (kept while the officer opens a firm and comes back); null until the officer's firms are known. */
const useHomeTab = create<{ tab: 'mine' | 'all' | null; set(tab: 'mine' | 'all'): void }>((set) => ({ tab: null, set: (tab) => set({ tab }) }));

const PAGE_SIZE = 20;
const NOT_VISITED = [30, 90, 180, 365];
type Filters = Omit<FirmFilter, 'limit' | 'offset' | 'query'>;

export function FirmList() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const products = useReference('green_product');
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: FirmSummary[]; total: number } | null>(null);
  // A sync that brings firms (a new register, a merged firm) refreshes the open list.
  const [directoryVersion, setDirectoryVersion] = useState(0);
  useEffect(() => bridge.on('directory.changed', () => setDirectoryVersion((v) => v + 1)), []);
  // 我的包联企业: an officer with firms assigned opens on them (the directory is one tab away).
  const [mine, setMine] = useState<MyAssignments | null>(null);
  const { tab, set: setTab } = useHomeTab();
  useEffect(() => {
    call('assignments.mine').then(setMine, () => setMine(null));
  }, [directoryVersion]);
  const hasMine = (mine?.items.length ?? 0) > 0;
  const shown = hasMine ? (tab ?? 'mine') : 'all';

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      call('firms.search', { ...filters, query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
        .then((result) => current && setData(result))
        .catch((error: unknown) => void message.error(errorText(error)));
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, filters, page, message, errorText, directoryVersion]);

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K] | undefined) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const countyOptions = useCountyOptions(lang);
  const columns: ColumnsType<FirmSummary> = [
    {
      title: t('firms.name'),
      dataIndex: 'name',
      // One line a firm (the address in the tooltip): at 1366×768 ten firms fit on the screen.
      ellipsis: { showTitle: false },
      render: (name: string, firm) => (
        <Tooltip title={firm.address ? `${name} · ${firm.address}` : name} placement="topLeft">
          <Typography.Link strong onClick={() => go({ name: 'firm', id: firm.id })} data-testid={`firm-link-${firm.id}`}>
            {name}
          </Typography.Link>
        </Tooltip>
      ),
    },
    { title: t('firms.county'), dataIndex: 'countyCode', width: 80, render: (code: string) => countyName(code, lang) },
    { title: t('firms.creditCode'), dataIndex: 'creditCode', width: 185, render: (code: string) => <Typography.Text copyable={{ text: code }} style={{ fontFamily: 'monospace', fontSize: 12 }}>{code}</Typography.Text> },
    {
      title: t('firms.categories'),
      dataIndex: 'categories',
      width: 140,
      render: (cats: string[]) =>
        cats.length === 0 ? '—' : (
          <Tooltip title={cats.join(t('common.listSeparator'))}>
            <span style={{ whiteSpace: 'nowrap' }}>
              <Tag>{cats[0]}</Tag>
              {cats.length > 1 ? <Tag>+{cats.length - 1}</Tag> : null}
            </span>
          </Tooltip>
        ),
    },
    {
      title: t('firms.keyTier'),
      dataIndex: 'keyTier',
      width: 90,
      render: (tier: FirmSummary['keyTier']) => (tier === 'none' ? '—' : <Tag color={tier === 'key' ? 'green' : 'blue'}>{t(`keyTier.${tier}`)}</Tag>),
    },
    { title: t('firms.zjtx'), dataIndex: 'zjtxLevel', width: 122, ellipsis: true, render: (level: FirmSummary['zjtxLevel']) => t(`zjtx.${level}`) },
    {
      title: t('firms.openProblems'),
      dataIndex: 'openProblems',
      width: 96,
      align: 'center',
      render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    { title: t('firms.lastVisit'), dataIndex: 'lastVisitAt', width: 96, render: (d: string | null) => d ?? <Typography.Text type="secondary">{t('firms.never')}</Typography.Text> },
  ];

  const actions = (
    <Space>
      <Typography.Text type="secondary" data-testid="firm-total">
        {t('firms.total', { count: data?.total ?? 0 })}
      </Typography.Text>
      <Button icon={<PlusOutlined />} onClick={() => go({ name: 'firmEdit' })} data-testid="add-firm">
        {t('firms.add')}
      </Button>
    </Space>
  );
  const overdueCount = mine?.items.filter((f) => f.state === 'overdue').length ?? 0;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
    <ToReviseCard />
    <SupervisedCard />
    <Card
      {...(hasMine
        ? {
            activeTabKey: shown,
            onTabChange: (key: string) => setTab(key === 'mine' ? 'mine' : 'all'),
            tabList: [
              { key: 'mine', tab: <span data-testid="tab-mine">{t('assignments.mine')}{overdueCount > 0 ? <Tag color="red" style={{ marginLeft: 6 }}>{overdueCount}</Tag> : null}</span> },
              { key: 'all', tab: <span data-testid="tab-all">{t('assignments.all')}</span> },
            ],
          }
        : { title: t('nav.firms') })}
      tabProps={{ size: 'middle' }}
      extra={hasMine ? undefined : actions}
      tabBarExtraContent={hasMine ? actions : undefined}
    >
      {shown === 'mine' && mine ? <MyAssignedFirms data={mine} /> : null}
      <div hidden={shown === 'mine'}>
      <Input.Search
        allowClear
        autoFocus
        placeholder={t('firms.searchPlaceholder')}
        aria-label={t('firms.searchPlaceholder')}
        data-testid="firm-search"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('firms.allCounties')} style={{ width: 150 }} id="filter-county" data-testid="filter-county" value={filters.countyCode} onChange={(v) => setFilter('countyCode', v)}
          options={countyOptions} />
        <Select allowClear showSearch placeholder={t('firms.allCategories')} style={{ width: 200 }} id="filter-category" data-testid="filter-category" value={filters.category} onChange={(v) => setFilter('category', v)}
          options={groupedOptions(products)} optionFilterProp="label" />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('firms.allTiers')} style={{ width: 140 }} id="filter-tier" data-testid="filter-tier" value={filters.keyTier} onChange={(v) => setFilter('keyTier', v)}
          options={KEY_TIERS.filter((k) => k !== 'none').map((k) => ({ value: k, label: t(`keyTier.${k}`) }))} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('firms.allZjtx')} style={{ width: 160 }} id="filter-zjtx" data-testid="filter-zjtx" value={filters.zjtxLevel} onChange={(v) => setFilter('zjtxLevel', v)}
          options={ZJTX_LEVELS.filter((k) => k !== 'none').map((k) => ({ value: k, label: t(`zjtx.${k}`) }))} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('firms.anyVisit')} style={{ width: 150 }} id="filter-not-visited" data-testid="filter-not-visited" value={filters.notVisitedDays} onChange={(v) => setFilter('notVisitedDays', v)}
          options={NOT_VISITED.map((d) => ({ value: d, label: t('firms.notVisitedDays', { days: d }) }))} />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={data === null}
        columns={columns}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('firms.empty') }}
        onRow={(firm) => ({ onDoubleClick: () => go({ name: 'firm', id: firm.id }) })}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        data-testid="firm-table"
      />
      </div>
    </Card>
    {/* Below the directory: the officer's first look is the firms (ten rows at 1366×768). */}
    <ExpiringCertificatesCard testId="home-certificates" />
    </Space>
  );
}
