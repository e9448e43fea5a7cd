import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceivedDecision } from '../../../../shared/api/decisions';
import { call } from '../../api';
import { formatDateTime } from '../../format';

/**
 * A firm this officer found in the field and the register left out: the supervisor's reason,
 * received with the sync (readable offline). Shown while the latest word on the firm is a "no".
 */
export function FirmDecisionAlert({ firmId }: { firmId: string }) {
  const { t } = useTranslation();
  const [latest, setLatest] = useState<ReceivedDecision | null>(null);
  useEffect(() => {
    call('firms.decisions', { firmId }).then(
      (decisions) => setLatest(decisions.find((d) => d.kind === 'firm.accept' || d.kind === 'firm.reject') ?? null),
      () => setLatest(null),
    );
  }, [firmId]);
  if (latest?.kind !== 'firm.reject') return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="firm-rejected"
      message={t('firms.rejected', { name: latest.decidedBy, at: formatDateTime(latest.decidedAt) })}
      description={t('firms.rejectedBecause', { note: latest.note ?? '' })}
    />
  );
}
