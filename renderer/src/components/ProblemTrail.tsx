import { Skeleton, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemWithTrail } from '../../../shared/domain/problem';
import { call } from '../api';
import { formatDateTime } from '../format';
import { useRoute } from '../stores/route';
import { STATUS_COLOR } from './ProblemTable';

/** Where a problem was raised and taken up since — visits and events (活动) — each change with its note; a click opens the record. */
export function ProblemTrail({ problemId }: { problemId: string }) {
  const { t } = useTranslation();
  const go = useRoute((s) => s.go);
  const [problem, setProblem] = useState<ProblemWithTrail | null>(null);
  useEffect(() => {
    void call('problems.get', { id: problemId }).then(setProblem, () => setProblem(null));
  }, [problemId]);
  if (!problem) return <Skeleton active paragraph={{ rows: 2 }} />;
  const record = (e: ProblemWithTrail['events'][number]) => `${e.visitKind ? t(`visitKind.${e.visitKind}`) : t('problems.visit')}${e.eventTitle ? `「${e.eventTitle}」` : ''}`;
  return (
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
          </Typography.Text>
        ),
      }))}
    />
  );
}
