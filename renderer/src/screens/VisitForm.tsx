import { ArrowLeftOutlined, CheckOutlined } from '@ant-design/icons';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Button, Card, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { completeDiagnosisAnswers, localToday, type DiagnosisDraftAnswers, type Visit } from '../../../shared/domain/visit';
import { issueToKey } from '../../../shared/domain/validation-keys';
import { ApiError, call } from '../api';
import { SaveIndicator } from '../components/SaveIndicator';
import { useAutosave } from '../hooks/useAutosave';
import { useErrorText } from '../hooks/useErrorText';
import { useRoute } from '../stores/route';
import { DiagnosisFields, type DiagnosisFormValues } from './DiagnosisFields';

interface Loaded {
  firmId: string;
  firmName: string;
  visit: Visit | null;
  values: DiagnosisFormValues;
}

function toFormValues(a: DiagnosisDraftAnswers | undefined): DiagnosisFormValues {
  return {
    visitDate: a?.visitDate ?? localToday(),
    peopleMet: a?.peopleMet ?? '',
    problems: a?.problems?.length ? a.problems.map((p) => ({ ...(p.category ? { category: p.category } : {}), description: p.description ?? '' })) : [{ description: '' }],
    conclusion: a?.conclusion ?? '',
  };
}

/** What goes to the store: the form as typed, without empty choices. */
function toAnswers(v: DiagnosisFormValues): DiagnosisDraftAnswers {
  return {
    visitDate: v.visitDate || undefined,
    peopleMet: v.peopleMet,
    problems: v.problems.map((p) => ({ ...(p.category ? { category: p.category } : {}), description: p.description })),
    conclusion: v.conclusion,
  };
}

async function load(id: string, newForFirm: string | undefined): Promise<Loaded> {
  try {
    const visit = await call('visits.get', { id });
    return { firmId: visit.firmId, firmName: visit.firmName, visit, values: toFormValues(visit.answers) };
  } catch (error) {
    if (!(error instanceof ApiError && error.data.code === 'NOT_FOUND' && newForFirm)) throw error;
    const firm = await call('firms.get', { id: newForFirm });
    return { firmId: firm.id, firmName: firm.name, visit: null, values: toFormValues(undefined) };
  }
}

export function VisitForm({ id, newForFirm }: { id: string; newForFirm?: string | undefined }) {
  const errorText = useErrorText();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    load(id, newForFirm).then(setLoaded, setLoadError);
  }, [id, newForFirm]);

  if (loadError) return <Result status="warning" title={errorText(loadError)} extra={<BackButton />} />;
  if (!loaded) return <Skeleton active />;
  return <LoadedVisitForm id={id} loaded={loaded} />;
}

function BackButton() {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  return (
    <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'visits' })} data-testid="back">
      {t('form.back')}
    </Button>
  );
}

function LoadedVisitForm({ id, loaded }: { id: string; loaded: Loaded }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const locked = loaded.visit?.status === 'completed';
  const schema = useMemo(() => completeDiagnosisAnswers(localToday()), []);
  const { control, handleSubmit, watch, setError, formState } = useForm<DiagnosisFormValues>({
    defaultValues: loaded.values,
    resolver: zodResolver(schema as never, { error: issueToKey } as never) as never,
    mode: 'onSubmit',
  });
  const autosave = useAutosave(async (values: DiagnosisFormValues) => {
    const saved = await call('visits.saveDraft', { id, firmId: loaded.firmId, kind: 'diagnosis', answers: toAnswers(values) });
    return saved.savedAt;
  });

  useEffect(() => {
    if (locked) return;
    const subscription = watch((values) => autosave.schedule(structuredClone(values) as DiagnosisFormValues));
    return () => subscription.unsubscribe();
  }, [watch, autosave, locked]);

  const complete = handleSubmit(
    (values) =>
      modal.confirm({
        title: t('form.complete'),
        content: t('form.completeConfirm'),
        okButtonProps: { 'data-testid': 'confirm-complete' } as never,
        onOk: async () => {
          await autosave.flush();
          try {
            await call('visits.complete', { id, answers: toAnswers(values) });
            void message.success(t('form.completed'));
            go({ name: 'visits' });
          } catch (error) {
            if (error instanceof ApiError && error.data.fields) {
              for (const [path, key] of Object.entries(error.data.fields)) setError(path.replace(/^answers\./, '') as Path<DiagnosisFormValues>, { message: key });
            }
            void message.error(errorText(error));
          }
        },
      }),
    () => void message.warning(t('form.fixErrors')),
  );

  return (
    <Card
      title={
        <Space>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {t('form.titleNew', { firm: loaded.firmName })}
          </Typography.Text>
          {loaded.visit && <Tag color={locked ? 'green' : 'default'}>{t(`visitStatus.${loaded.visit.status}`)}</Tag>}
          {loaded.visit && locked && <Tag data-testid="visit-sync-state">{t(`syncState.${loaded.visit.syncState}`)}</Tag>}
        </Space>
      }
      extra={
        <Space size={16}>
          {!locked && <SaveIndicator state={autosave.state} />}
          <BackButton />
        </Space>
      }
    >
      {locked && <Alert type="info" showIcon message={t('form.locked')} style={{ marginBottom: 16 }} />}
      <DiagnosisFields control={control} errors={formState.errors} disabled={locked} />
      {!locked && (
        <Button type="primary" size="large" icon={<CheckOutlined />} onClick={() => void complete()} data-testid="complete-visit">
          {t('form.complete')}
        </Button>
      )}
    </Card>
  );
}
