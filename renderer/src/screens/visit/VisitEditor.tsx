import { ArrowLeftOutlined, CheckOutlined, DeleteOutlined, EditOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useAppInfo } from '../../stores/app-info';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Badge, Button, Card, Col, Menu, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { answersSchema, DIAGNOSIS_SECTIONS, type DiagnosisSection } from '../../../../shared/domain/answers';
import { localToday } from '../../../../shared/domain/visit';
import { uuidv7 } from '../../../../shared/domain/uuidv7';
import { issueToKey } from '../../../../shared/domain/validation-keys';
import { ApiError, call } from '../../api';
import { SaveIndicator } from '../../components/SaveIndicator';
import { syncReasonText } from '../../components/sync-reason';
import { VisitStatusTags } from '../../components/VisitStatusTags';
import { useAutosave } from '../../hooks/useAutosave';
import { useErrorText } from '../../hooks/useErrorText';
import { useOpenVisitKind, useRoute } from '../../stores/route';
import { useCompletionChecks } from '../../stores/completion-checks';
import { AttachmentsPanel } from './AttachmentsPanel';
import { DiagnosisFields } from './DiagnosisFields';
import { EventFields } from './EventFields';
import { FollowupFields } from './FollowupFields';
import { PatrolFields } from './PatrolFields';
import { RevisionsPanel } from './RevisionsPanel';
import { VisitReviewCard } from '../reviews/VisitReviewCard';
import { errorPaths, sectionOf } from './sections';
import { pruneAnswers, toFormValues, type AnswerValues } from './values';
import type { VisitContext } from './VisitPage';
import './locked.css';

/**
 * The survey editor for any visit kind: autosaves as the officer types, completes
 * (validated here for comfort, and again in the main process), amends a completed
 * visit into a new revision.
 */
export function VisitEditor({ ctx, reload }: { ctx: VisitContext; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const go = useRoute((s) => s.go);
  const { visit, kind } = ctx;
  const locked = visit?.status === 'completed';
  const isEvent = kind === 'event';
  const setOpenKind = useOpenVisitKind((s) => s.set);
  useEffect(() => {
    setOpenKind(kind);
    return () => setOpenKind(null);
  }, [kind, setOpenKind]);
  const [section, setSection] = useState<DiagnosisSection>((visit?.uiState.section as DiagnosisSection | undefined) ?? 'people');
  const sectionTitle = useRef<HTMLHeadingElement>(null);
  const schema = useMemo(() => answersSchema(kind, 'complete', localToday()), [kind]);
  const { control, handleSubmit, watch, getValues, setError, formState } = useForm<AnswerValues>({
    defaultValues: toFormValues(kind, visit?.answers ?? ctx.prefill),
    resolver: zodResolver(schema as never, { error: issueToKey } as never) as never,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const autosave = useAutosave(async ({ values, section: s }: { values: AnswerValues; section: DiagnosisSection }) => {
    const saved = await call('visits.saveDraft', { id: ctx.id, firmId: ctx.firmId, kind, answers: pruneAnswers(values), uiState: { section: s } });
    return saved.savedAt;
  });

  useEffect(() => {
    if (locked) return;
    const subscription = watch((values) => autosave.schedule({ values: structuredClone(values) as AnswerValues, section }));
    return () => subscription.unsubscribe();
  }, [watch, autosave, locked, section]);

  const changeSection = (next: DiagnosisSection) => {
    setSection(next);
    // From 下一节 at the foot of a long section: the new section's title comes into view, not the foot of the page.
    const title = sectionTitle.current;
    if (title && title.getBoundingClientRect().top < 0) title.scrollIntoView({ block: 'start' });
    // The section is part of the draft: reopening it lands where the officer was.
    if (!locked && visit) autosave.schedule({ values: structuredClone(getValues()), section: next });
  };

  const errorsBySection = useMemo(() => {
    const counts = new Map<DiagnosisSection, number>();
    for (const path of errorPaths(formState.errors)) counts.set(sectionOf(path), (counts.get(sectionOf(path)) ?? 0) + 1);
    return counts;
  }, [formState]);

  const startFollowUp = (firmId: string) => go({ name: 'visit', id: uuidv7(), newFor: { firmId, kind: 'followup' } });
  const offerFollowUp = (firmId: string) =>
    modal.confirm({
      title: t('survey.followUpOfferTitle'),
      content: t('survey.followUpOffer'),
      okText: t('survey.startFollowUp'),
      cancelText: t('survey.later'),
      okButtonProps: { 'data-testid': 'start-follow-up' } as never,
      onOk: () => startFollowUp(firmId),
    });

  const complete = handleSubmit((values) => {
    // What the fields asked to be confirmed (an approval with no referral, an amount above the need) is listed in the dialog.
    const checks = Object.entries(useCompletionChecks.getState().checks).filter(([key]) => key.startsWith(`${ctx.id}:`)).map(([, text]) => text);
    return modal.confirm({
        title: t(isEvent ? 'event.complete' : 'form.complete'),
        content: checks.length ? (
          <div data-testid="completion-checks">
            <p>{t('form.confirmChecks')}</p>
            <ul style={{ paddingLeft: 20 }}>{checks.map((c) => <li key={c}>{c}</li>)}</ul>
            <p>{t(isEvent ? 'event.completeConfirm' : 'form.completeConfirm')}</p>
          </div>
        ) : (
          t(isEvent ? 'event.completeConfirm' : 'form.completeConfirm')
        ),
        okButtonProps: { 'data-testid': 'confirm-complete' } as never,
        onOk: async () => {
          await autosave.flush();
          try {
            await call('visits.complete', { id: ctx.id, answers: pruneAnswers(values) });
            void message.success(t(useAppInfo.getState().info?.profile === 'demo' ? 'form.completedDemo' : isEvent ? 'event.completed' : 'form.completed'));
            go({ name: 'visit', id: ctx.id }, { replace: true });
            reload();
            // A patrol that found the firm needs one-to-one help leads straight to it.
            if (kind === 'patrol' && values.followUpNeeded && ctx.firmId) offerFollowUp(ctx.firmId);
          } catch (error) {
            if (error instanceof ApiError && error.data.fields) for (const [path, key] of Object.entries(error.data.fields)) setError(path as Path<AnswerValues>, { message: key });
            void message.error(errorText(error));
          }
        },
      });
  },
    (errors) => {
      const first = errorPaths(errors)[0];
      if (kind === 'diagnosis' && first) setSection(sectionOf(first));
      void message.warning(t('form.fixErrors'));
    },
  );

  const amend = () =>
    modal.confirm({
      title: t('form.amend'),
      content: t('form.amendConfirm', { revision: (visit?.revision ?? 1) + 1 }),
      okButtonProps: { 'data-testid': 'confirm-amend' } as never,
      onOk: async () => {
        try {
          await call('visits.amend', { id: ctx.id });
          void message.success(t('form.amended'));
          reload();
        } catch (error) {
          void message.error(errorText(error));
        }
      },
    });

  // A draft started by mistake can go — after a question; a visit completed once never can (amend it).
  const discard = () =>
    modal.confirm({
      title: t('form.discardTitle'),
      content: t('form.discardHint'),
      okText: t('form.discard'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-discard' } as never,
      cancelText: t('review.confirmCancel'),
      onOk: async () => {
        try {
          await autosave.discard();
          // A draft whose first save never landed has nothing to remove.
          await call('visits.discardDraft', { id: ctx.id }).catch((error: unknown) => {
            if (!(error instanceof ApiError && error.data.code === 'NOT_FOUND')) throw error;
          });
          void message.success(t('form.discarded'));
          go({ name: 'visits' }, { replace: true });
        } catch (error) {
          void message.error(errorText(error));
        }
      },
    });

  // A supervisor's synced copy of an officer's visit: read and reviewed here, amended only by its officer.
  const serverCopy = visit?.origin === 'server';
  const sectionIndex = DIAGNOSIS_SECTIONS.indexOf(section);
  // Menu and fields side by side whatever the section holds: a wide table scrolls inside its column
  // instead of pushing the fields below the menu (on a 1366×768 laptop they fell below the fold).
  const fields =
    kind === 'diagnosis' ? (
      <Row gutter={24} wrap={false}>
        <Col flex="200px" data-testid="section-menu">
          <Menu
            mode="inline"
            selectedKeys={[section]}
            onClick={({ key }) => changeSection(key as DiagnosisSection)}
            style={{ borderInlineEnd: 'none' }}
            items={DIAGNOSIS_SECTIONS.map((s, i) => ({
              key: s,
              'data-testid': `section-${s}`,
              label: (
                <Badge count={errorsBySection.get(s) ?? 0} size="small" offset={[10, 0]}>
                  {i + 1}. {t(`sections.${s}`)}
                </Badge>
              ),
            })) as never}
          />
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }} data-testid="section-fields">
          <Typography.Title level={5} style={{ marginTop: 0 }} ref={sectionTitle}>
            {t(`sections.${section}`)}
          </Typography.Title>
          <DiagnosisFields control={control} section={section} disabled={locked} />
          <Space style={{ marginTop: 8 }}>
            <Button icon={<LeftOutlined />} disabled={sectionIndex === 0} onClick={() => changeSection(DIAGNOSIS_SECTIONS[sectionIndex - 1]!)}>
              {t('form.previous')}
            </Button>
            <Button disabled={sectionIndex === DIAGNOSIS_SECTIONS.length - 1} onClick={() => changeSection(DIAGNOSIS_SECTIONS[sectionIndex + 1]!)} data-testid="next-section">
              {t('form.next')} <RightOutlined />
            </Button>
          </Space>
        </Col>
      </Row>
    ) : kind === 'patrol' ? (
      <PatrolFields control={control} disabled={locked} />
    ) : kind === 'event' || ctx.firmId === null ? (
      <EventFields control={control} disabled={locked} visitId={ctx.id} />
    ) : (
      <FollowupFields control={control} disabled={locked} firmId={ctx.firmId} visitId={ctx.id} />
    );
  const body = <div className={locked ? 'xl-locked' : undefined}>{fields}</div>;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {visit && visit.revisions.length > 0 ? (
        <VisitReviewCard visitId={ctx.id} label={`${ctx.firmName || t('visitKind.event')} · ${t(`visitKind.${kind}`)} ${typeof visit.answers.visitDate === 'string' ? visit.answers.visitDate : ''}`.trim()} refreshKey={`${visit.revision}-${visit.status}`} />
      ) : null}
      <Card
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('form.back')} onClick={() => history.back()} data-testid="back" />
            <Typography.Text strong style={{ fontSize: 16 }}>
              {kind === 'event' ? `${t('visitKind.event')} · ${ctx.firmName || t('event.newTitle')}` : t('form.title', { kind: t(`visitKind.${kind}`), firm: ctx.firmName })}
            </Typography.Text>
            {visit ? <VisitStatusTags visit={visit} /> : <Tag>{t('visitStatus.draft')}</Tag>}
          </Space>
        }
        extra={
          <Space size={16}>
            {!locked && <SaveIndicator state={autosave.state} />}
            {!locked && (!visit || (visit.status === 'draft' && visit.completedAt === null)) && (
              <Button danger icon={<DeleteOutlined />} onClick={discard} data-testid="discard-draft">
                {t('form.discard')}
              </Button>
            )}
            {locked && kind === 'patrol' && visit?.answers.followUpNeeded === true && ctx.firmId && (
              <Button type="primary" onClick={() => startFollowUp(ctx.firmId!)} data-testid="patrol-follow-up">
                {t('survey.startFollowUp')}
              </Button>
            )}
            {locked && !serverCopy && (
              <Button icon={<EditOutlined />} onClick={amend} data-testid="amend-visit">
                {t('form.amend')}
              </Button>
            )}
            {!locked && (
              <Button type="primary" icon={<CheckOutlined />} onClick={() => void complete()} data-testid="complete-visit">
                {t(isEvent ? 'event.complete' : 'form.complete')}
              </Button>
            )}
          </Space>
        }
      >
        {locked && visit?.syncState === 'attention' && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="sync-attention"
            message={t('form.attentionTitle')}
            description={t('form.attentionHelp', { reason: syncReasonText(visit.syncError, t, (key) => i18n.exists(key)) })}
            action={
              <Button
                onClick={() =>
                  void call('sync.retry', { visitId: ctx.id })
                    .then(reload)
                    .catch((error: unknown) => void message.error(errorText(error)))
                }
              >
                {t('form.sendAgain')}
              </Button>
            }
          />
        )}
        {locked && <Alert type="info" showIcon message={serverCopy ? t('form.serverCopy', { officer: visit?.officer ?? '' }) : t(isEvent ? 'event.locked' : 'form.locked')} style={{ marginBottom: 16 }} data-testid="locked-note" />}
        {body}
      </Card>
      <AttachmentsPanel
        visitId={ctx.id}
        initial={visit?.attachments ?? []}
        editable={!locked}
        ensureSaved={async () => {
          // Attachments belong to a stored draft: write it first if it is brand new.
          autosave.schedule({ values: structuredClone(getValues()), section });
          await autosave.flush();
        }}
      />
      {visit && visit.revisions.length > 0 && <RevisionsPanel kind={kind} firmId={ctx.firmId} revisions={visit.revisions.filter((r) => !(locked && r.revision === visit.revision))} />}
    </Space>
  );
}
