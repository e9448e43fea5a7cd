import { Alert, App, Button, Card, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignableOfficer } from '../../../../shared/api/assignments';
import { countyName } from '../../../../shared/domain/divisions';
import { call } from '../../api';
import { useErrorText } from '../../hooks/useErrorText';
import { useAccount } from '../../stores/account';
import { AssignModal } from './AssignModal';
import { AssignmentImportCard } from './AssignmentImportCard';
import { CadenceCard } from './CadenceCard';
import { officerLabel } from './assignment-text';

/**
 * 包联管理 (supervisors and administrators, online): the officers of the caller's counties with how
 * many firms each answers for, a handover of all of one officer's firms, the assignment list
 * import and the visit cadence (administrators).
 */
export function AssignmentsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const role = useAccount((s) => s.status?.account?.role);
  const [officers, setOfficers] = useState<AssignableOfficer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState<AssignableOfficer | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const load = useCallback(() => {
    setError(null);
    call('assignments.officers').then(setOfficers, (e: unknown) => {
      setOfficers([]);
      setError(errorText(e));
    });
  }, [errorText]);
  useEffect(load, [load]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('assignments.officersTitle')} data-testid="assignment-officers">
        <Typography.Paragraph type="secondary">{t('assignments.officersIntro')}</Typography.Paragraph>
        {error ? <Alert type="warning" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
        <Table
          rowKey="username"
          size="small"
          loading={officers === null}
          dataSource={officers ?? []}
          pagination={false}
          columns={[
            { title: t('assignments.officer'), dataIndex: 'name', render: (name: string, o: AssignableOfficer) => officerLabel(name, o.username) },
            { title: t('assignments.counties'), dataIndex: 'counties', render: (c: string[] | null) => (c === null ? t('assignments.allCounties') : c.map((code) => countyName(code, lang)).join(t('common.listSeparator'))) },
            { title: t('assignments.firmsCount'), dataIndex: 'firms', width: 110, align: 'center' },
            {
              dataIndex: 'username',
              width: 130,
              render: (_: string, o: AssignableOfficer) => (
                <Button size="small" disabled={o.firms === 0} onClick={() => setFrom(o)} data-testid={`handover-${o.username}`}>
                  {t('assignments.handover')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <CadenceCard editable={role === 'admin'} />
      {role === 'admin' ? <AssignmentImportCard onApplied={load} /> : null}
      <AssignModal
        open={from !== null}
        title={from ? t('assignments.handoverTitle', { name: officerLabel(from.name, from.username) }) : ''}
        current={from?.username ?? null}
        onClose={() => setFrom(null)}
        onSubmit={async (to, reason) => {
          if (!from) return;
          const result = await call('assignments.assign', { fromOfficer: from.username, to, reason });
          void message.success(result.changed > 0 ? t('assignments.done', { count: result.changed }) : t('assignments.unchanged'));
          load();
        }}
      />
    </Space>
  );
}
