import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { VisitSummary } from '../../../shared/domain/visit';
import { formatDateTime } from '../format';

const SYNC_COLOR: Record<VisitSummary['syncState'], string> = { local: 'default', waiting: 'orange', synced: 'green', attention: 'red' };

/** Status, revision and sync state of a visit, with the last sync error on hover. */
export function VisitStatusTags({ visit }: { visit: Pick<VisitSummary, 'id' | 'status' | 'revision' | 'syncState' | 'syncError' | 'syncedAt'> }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={visit.status === 'completed' ? 'green' : 'default'}>{t(`visitStatus.${visit.status}`)}</Tag>
      {visit.revision > 1 && <Tag>{t('form.revision', { revision: visit.revision })}</Tag>}
      {visit.status === 'completed' && (
        <Tooltip title={visit.syncError ?? (visit.syncedAt ? formatDateTime(visit.syncedAt) : undefined)}>
          <Tag color={SYNC_COLOR[visit.syncState]} data-testid={`sync-state-${visit.id}`} data-state={visit.syncState}>
            {t(`syncState.${visit.syncState}`)}
          </Tag>
        </Tooltip>
      )}
    </>
  );
}
