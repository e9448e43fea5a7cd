import { Alert, App, Button, Card, Descriptions, List, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/api/contract';
import type { Firm } from '../../../../shared/domain/firm';
import { call } from '../../api';
import { formatDateTime } from '../../format';
import { useAccount } from '../../stores/account';
import { AssignModal } from './AssignModal';
import { officerLabel } from './assignment-text';

/**
 * 包联 on the firm's page: who answers for the firm and since when, every change with who made it
 * and why (online; offline the officer last synced), and — for supervisors and administrators —
 * a change with a reason.
 */
export function FirmOfficerCard({ firm }: { firm: Firm }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const role = useAccount((s) => s.status?.account?.role);
  const [data, setData] = useState<MethodOutput<'firms.officer'> | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    call('firms.officer', { firmId: firm.id }).then(setData, () => setData({ officer: null, history: null }));
  }, [firm.id]);
  useEffect(load, [load]);
  if (!role || firm.registerState === 'local') return null;
  const assigns = role === 'supervisor' || role === 'admin';
  const name = (username: string | null, display: string | null) => (username ? officerLabel(display, username) : t('assignments.nobody'));
  return (
    <Card
      size="small"
      title={t('assignments.officer')}
      data-testid="firm-officer"
      extra={
        assigns ? (
          <Button size="small" onClick={() => setOpen(true)} data-testid="change-officer">
            {t('assignments.change')}
          </Button>
        ) : null
      }
    >
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('assignments.officer')}>
          {data?.officer ? <Typography.Text strong data-testid="officer-name">{name(data.officer.username, data.officer.name)}</Typography.Text> : <Typography.Text type="secondary" data-testid="officer-name">{t('assignments.none')}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t('assignments.since')}>{data?.officer?.since || '—'}</Descriptions.Item>
      </Descriptions>
      {data && data.history === null ? <Alert type="info" showIcon message={t('assignments.historyOffline')} /> : null}
      {data?.history?.length ? (
        <List
          size="small"
          header={<Typography.Text type="secondary">{t('assignments.history')}</Typography.Text>}
          dataSource={data.history}
          data-testid="officer-history"
          renderItem={(h) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <span>
                    {t('assignments.historyLine', { from: name(h.from, h.fromName), to: name(h.to, h.toName) })} {h.via === 'import' ? <Tag>{t('assignments.viaImport')}</Tag> : null}
                  </span>
                }
                description={`${t('assignments.by', { by: h.by, at: formatDateTime(h.at) })} · ${t('assignments.reason')}：${h.reason}`}
              />
            </List.Item>
          )}
        />
      ) : data?.history ? (
        <Typography.Text type="secondary">{t('assignments.historyEmpty')}</Typography.Text>
      ) : null}
      <AssignModal
        open={open}
        title={`${t('assignments.change')} · ${firm.name}`}
        county={firm.countyCode}
        current={data?.officer?.username ?? null}
        onClose={() => setOpen(false)}
        onSubmit={async (to, reason) => {
          const result = await call('assignments.assign', { firmIds: [firm.id], to, reason });
          void message.success(result.changed > 0 ? t('assignments.done', { count: result.changed }) : t('assignments.unchanged'));
          load();
        }}
      />
    </Card>
  );
}
