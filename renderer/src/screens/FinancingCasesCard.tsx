import { Card, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FinancingCase } from '../../../shared/domain/financing';
import { call } from '../api';
import { STAGE_COLOR } from './visit/FinancingStepFields';


/** The firm's financing needs and where each stands with each bank; nothing when the firm never asked for financing. */
export function FinancingCasesCard({ firmId }: { firmId: string }) {
  const { t, i18n } = useTranslation();
  const [cases, setCases] = useState<FinancingCase[]>([]);
  useEffect(() => {
    void call('financing.cases', { firmId }).then(setCases).catch(() => setCases([]));
  }, [firmId]);
  if (cases.length === 0) return null;
  const wan = (v: number) => `${v.toLocaleString(i18n.language)} ${t('survey.wan')}`;
  return (
    <Card title={t('summary.financingCases')} size="small" data-testid="firm-financing">
      <List
        size="small"
        dataSource={cases}
        renderItem={(c) => (
          <List.Item>
            <Space direction="vertical" size={4}>
              <Space wrap>
                <Typography.Text strong>{c.visitDate}</Typography.Text>
                <span>{t('firmFinancing.need', { amount: wan(c.need) })}</span>
                <span>{t('firmFinancing.received', { amount: wan(c.received) })}</span>
                {c.met ? <Tag color="green">{t('firmFinancing.met')}</Tag> : <Tag>{t('firmFinancing.open')}</Tag>}
              </Space>
              {c.banks.length === 0 && <Typography.Text type="secondary">{t('firmFinancing.noBank')}</Typography.Text>}
              {c.banks.map((b) => (
                <Typography.Text key={b.bank}>
                  {b.bank}：<Tag color={STAGE_COLOR[b.stage]}>{t(`financing.stage.${b.stage}`)}</Tag>
                  {b.on}
                  {b.approved > 0 && ` · ${t('financing.approved')} ${wan(b.approved)}`}
                  {b.received > 0 && ` · ${t('financing.received')} ${wan(b.received)}`}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
