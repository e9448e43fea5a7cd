import { Skeleton, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemWithTrail } from '../../../shared/domain/problem';
import { call } from '../api';
import { formatDateTime } from '../format';
import { useRoute } from '../stores/route';
import { STATUS_COLOR } from './ProblemTable';
import { DemandPanel } from '../screens/demands/DemandPanel';

/** Where a problem was raised and taken up since — visits and events (活动) — each change with its note; a click opens the record. */
export function ProblemTrail({ problemId, withDemand = false }: { problemId: string; withDemand?: boolean }) {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  const [problem, setProblem] = useState<ProblemWithTrail | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void call('problems.get', { id: problemId }).then(setProblem, () => setProblem(null));
  }, [problemId, version]);
  if (!problem) return <Skeleton active paragraph={{ rows: 2 }} />;
  const record = (e: ProblemWithTrail['events'][number]) => `${e.visitKind ? t(`visitKind.${e.visitKind}`) : t('problems.visit')}${e.eventTitle ? `「${e.eventTitle}」` : ''}`;
  // What a step did to the demand: handed it, the department's step, the firm's call-back.
  const demandStep = (e: ProblemWithTrail['events'][number]) =>
    [
      e.handedTo ? t('demands.handedTo', { department: e.handedTo }) : '',
      e.departmentStep ? `${t(`demands.departmentStep.${e.departmentStep}`)}${e.departmentBy ? `（${e.departmentBy}）` : ''}` : '',
      e.callback ? `${t('demands.callback')}：${t('demands.callbackSummary', { how: t(`demands.callbackHow.${e.callback.how}`), on: e.callback.on, verdict: t(`demands.verdict.${e.callback.verdict}`) })}${e.callback.note ? ` · ${e.callback.note}` : ''}` : '',
    ].filter(Boolean);
  return (
    <>
    {withDemand && <DemandPanel problem={problem} onChanged={() => setVersion((v) => v + 1)} />}
    <Timeline
      style={{ marginTop: 12 }}
      data-testid={`problem-trail-${problemId}`}
      items={problem.events.map((e) => ({
        color: STATUS_COLOR[e.toStatus],
        children: (
          <Typography.Text>
            <span title={formatDateTime(e.at)}>{e.visitDate ?? formatDateTime(e.at)}</span> ·{' '}
            {e.onLaptop ? (
              <Typography.Link onClick={() => go({ name: 'visit', id: e.visitId })}>{record(e)}</Typography.Link>
            ) : (
              <Typography.Text title={t('problems.notOnLaptop')}>{record(e)}</Typography.Text>
            )}
            {e.officer ? <Typography.Text type="secondary"> · {t('problems.recordedBy', { name: e.officer })}</Typography.Text> : null}
            {' · '}
            <Tag color={STATUS_COLOR[e.toStatus]}>{t(`problemStatus.${e.toStatus}`)}</Tag>
            {e.note}
            {demandStep(e).map((line) => (
              <div key={line}>
                <Typography.Text type="secondary">{line}</Typography.Text>
              </div>
            ))}
          </Typography.Text>
        ),
      }))}
    />
    </>
  );
}
