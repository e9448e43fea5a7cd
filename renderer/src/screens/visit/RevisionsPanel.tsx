import { Collapse, Form } from 'antd';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DIAGNOSIS_SECTIONS, type VisitKind } from '../../../../shared/domain/answers';
import type { VisitRevision } from '../../../../shared/domain/visit';
import { formatDateTime } from '../../format';
import { DiagnosisFields } from './DiagnosisFields';
import { EventFields } from './EventFields';
import { FollowupFields } from './FollowupFields';
import { PatrolFields } from './PatrolFields';
import { toFormValues } from './values';

/** Earlier revisions of an amended visit, each readable as it was completed. */
export function RevisionsPanel({ kind, firmId, revisions }: { kind: VisitKind; firmId: string | null; revisions: VisitRevision[] }) {
  const { t } = useTranslation();
  if (revisions.length === 0) return null;
  return (
    <Collapse
      data-testid="revisions"
      items={revisions.map((r) => ({
        key: r.revision,
        label: t('form.revisionCompletedAt', { revision: r.revision, time: formatDateTime(r.completedAt) }),
        children: <ReadOnlyRevision kind={kind} firmId={firmId} answers={r.answers} />,
      }))}
    />
  );
}

function ReadOnlyRevision({ kind, firmId, answers }: { kind: VisitKind; firmId: string | null; answers: Record<string, unknown> }) {
  const { t } = useTranslation();
  const { control } = useForm({ defaultValues: toFormValues(kind, answers) });
  if (kind === 'patrol') return <PatrolFields control={control} disabled />;
  if (kind === 'event' || firmId === null) return <EventFields control={control} disabled visitId="" />;
  if (kind === 'followup') return <FollowupFields control={control} disabled firmId={firmId} visitId="" />;
  return (
    <Form component="div">
      {DIAGNOSIS_SECTIONS.map((s) => (
        <div key={s}>
          <h4>{t(`sections.${s}`)}</h4>
          <DiagnosisFields control={control} section={s} disabled />
        </div>
      ))}
    </Form>
  );
}
