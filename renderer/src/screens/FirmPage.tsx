import { FirmContacts } from './firm/FirmContacts';
import { ArrowLeftOutlined, EditOutlined, FileSearchOutlined, FormOutlined, SolutionOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitKind } from '../../../shared/domain/answers';
import { countyName } from '../../../shared/domain/divisions';
import type { Firm } from '../../../shared/domain/firm';
import type { ProblemRecord } from '../../../shared/domain/problem';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { VisitSummary } from '../../../shared/domain/visit';
import { call } from '../api';
import { ProblemTable } from '../components/ProblemTable';
import { VisitStatusTags } from '../components/VisitStatusTags';
import { useErrorText } from '../hooks/useErrorText';
import { useRoute } from '../stores/route';
import { FinancingCasesCard } from './FinancingCasesCard';
import { FirmEventsCard } from './FirmEventsCard';
import { TierCard } from './TierCard';
import { FirmDecisionAlert } from './firm/FirmDecisionAlert';
import { FirmOfficerCard } from './assignments/FirmOfficerCard';

interface Loaded {
  firm: Firm;
  problems: ProblemRecord[];
  visits: VisitSummary[];
}

export function FirmPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([call('firms.get', { id }), call('problems.list', { firmId: id, openOnly: true, limit: 200 }), call('visits.list', { firmId: id, limit: 200 })])
      .then(([firm, problems, visits]) => setData({ firm, problems: problems.items, visits: visits.items }))
      .catch(setError);
  }, [id]);

  if (error) return <Result status="warning" title={errorText(error)} extra={<Button onClick={() => go({ name: 'firms' })}>{t('firms.back')}</Button>} />;
  if (!data) return <Skeleton active />;
  const { firm, problems, visits } = data;
  const start = (kind: VisitKind) => go({ name: 'visit', id: uuidv7(), newFor: { firmId: firm.id, kind } });
  const lang = i18n.language === 'en' ? 'en' : 'zh';

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <FirmDecisionAlert firmId={firm.id} />
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'firms' })} aria-label={t('firms.back')} />
            <Typography.Text strong style={{ fontSize: 18 }} data-testid="firm-name">
              {firm.name}
            </Typography.Text>
            {firm.keyTier !== 'none' && <Tag color={firm.keyTier === 'key' ? 'green' : 'blue'}>{t(`keyTier.${firm.keyTier}`)}</Tag>}
            {firm.zjtxLevel !== 'none' && <Tag color="gold">{t(`zjtx.${firm.zjtxLevel}`)}</Tag>}
            {firm.registerState && firm.registerState !== 'registered' && (
              <Tag color={firm.registerState === 'conflict' ? 'red' : 'orange'} data-testid="register-state" data-state={firm.registerState}>
                {t(`registerState.${firm.registerState}`)}
              </Tag>
            )}
            {firm.mergedFrom && (
              <Tag color="cyan" data-testid="register-merged">
                {t('registerState.merged')}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            <Button type="primary" icon={<FormOutlined />} onClick={() => start('diagnosis')} data-testid="start-diagnosis">
              {t('firms.newDiagnosis')}
            </Button>
            <Button icon={<FileSearchOutlined />} onClick={() => start('patrol')} data-testid="start-patrol">
              {t('firms.newPatrol')}
            </Button>
            <Button icon={<SolutionOutlined />} onClick={() => start('followup')} disabled={problems.length === 0} data-testid="start-followup">
              {t('firms.newFollowup')}
            </Button>
            <Button icon={<EditOutlined />} onClick={() => go({ name: 'firmEdit', id: firm.id })} data-testid="edit-firm">
              {t('firms.edit')}
            </Button>
          </Space>
        }
      >
        <Descriptions column={3} size="small">
          <Descriptions.Item label={t('firms.creditCode')}>
            <Typography.Text style={{ fontFamily: 'monospace' }}>{firm.creditCode}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('firms.county')}>{countyName(firm.countyCode, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('firms.segment')}>{t(`segment.${firm.chainSegment}`)}</Descriptions.Item>
          <Descriptions.Item label={t('firms.address')} span={2}>{firm.address || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('firms.lastVisit')}>{firm.lastVisitAt ?? t('firms.never')}</Descriptions.Item>
          <Descriptions.Item label={t('firms.categories')} span={2}>{firm.categories.map((c) => <Tag key={c}>{c}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label={t('firms.contacts')}>
            <FirmContacts firmId={firm.id} contacts={firm.contacts} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {/* Side by side only where the problems table has its width (≥1600 px); on a 1366×768 laptop each card takes the row. */}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={10}>
          <Card title={t('firms.certifications')} size="small" style={{ height: '100%' }}>
            {firm.certifications.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('firms.noCertifications')} />
            ) : (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={firm.certifications}
                data-testid="certifications"
                columns={[
                  { title: t('firms.certProduct'), dataIndex: 'product' },
                  { title: t('firms.certStar'), dataIndex: 'starLevel', width: 70, render: (n: number) => <span style={{ color: '#d4a017' }}>{'★'.repeat(n)}</span> },
                  { title: t('firms.certValidUntil'), dataIndex: 'validUntil', width: 110 },
                  {
                    title: t('firms.certSource'),
                    dataIndex: 'sourceVisitId',
                    width: 90,
                    render: (visitId: string | null | undefined) =>
                      visitId ? (
                        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => go({ name: 'visit', id: visitId })} data-testid="cert-source">
                          {t('firms.certFromDiagnosis')}
                        </Button>
                      ) : (
                        <Typography.Text type="secondary">{t('firms.certFromRegister')}</Typography.Text>
                      ),
                  },
                  { dataIndex: 'expired', width: 70, render: (expired: boolean) => <Tag color={expired ? 'red' : 'green'}>{expired ? t('firms.certExpired') : t('firms.certValid')}</Tag> },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xxl={14}>
          <Card title={t('firms.problemsTitle')} size="small" style={{ height: '100%' }}>
            <ProblemTable items={problems} showFirm={false} emptyText={t('firms.noProblems')} testId="firm-problems" />
          </Card>
        </Col>
      </Row>
      <FinancingCasesCard firmId={firm.id} />
      <FirmEventsCard firmId={firm.id} />
      <TierCard firm={firm} onChanged={() => undefined} />
      <FirmOfficerCard firm={firm} />
      <Card title={t('firms.history')} size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={visits}
          locale={{ emptyText: t('firms.noHistory') }}
          onRow={(v) => ({ onClick: () => go({ name: 'visit', id: v.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('visits.date'), dataIndex: 'visitDate', width: 120, render: (d: string | null) => d ?? '—' },
            { title: t('visits.kind'), dataIndex: 'kind', width: 120, render: (k: VisitSummary['kind']) => t(`visitKind.${k}`) },
            { title: t('visits.officer'), dataIndex: 'officer', width: 140 },
            { title: t('visits.status'), key: 'status', render: (_: unknown, v) => <VisitStatusTags visit={v} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
