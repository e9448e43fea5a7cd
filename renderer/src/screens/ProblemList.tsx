import { App, Card, Checkbox, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemRecord } from '../../../shared/domain/problem';
import { call } from '../api';
import { ExpiringCertificatesCard } from '../components/ExpiringCertificatesCard';
import { ProblemTable } from '../components/ProblemTable';
import { useErrorText } from '../hooks/useErrorText';

/** "My open problems": every problem still open or in progress, overdue ones first. */
export function ProblemList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [includeResolved, setIncludeResolved] = useState(false);
  const [items, setItems] = useState<ProblemRecord[] | null>(null);
  useEffect(() => {
    call('problems.list', { openOnly: !includeResolved, limit: 500 })
      .then((r) => setItems(r.items))
      .catch((error: unknown) => void message.error(errorText(error)));
  }, [includeResolved, message, errorText]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
    <Card
      title={t(includeResolved ? 'problems.allTitle' : 'problems.mine')}
      extra={
        <Checkbox checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)}>
          {t('problems.showResolved')}
        </Checkbox>
      }
    >
      <ProblemTable items={items ?? []} loading={items === null} showFirm emptyText={t(includeResolved ? 'problems.emptyAll' : 'problems.empty')} testId="problem-table" />
    </Card>
    <ExpiringCertificatesCard testId="problems-certificates" />
    </Space>
  );
}
