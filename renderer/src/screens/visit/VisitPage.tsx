import { Result, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import type { VisitKind } from '../../../../shared/domain/answers';
import type { MethodOutput } from '../../../../shared/api/contract';
import { ApiError, call } from '../../api';
import { bridge } from '../../bridge';
import { useErrorText } from '../../hooks/useErrorText';
import type { NewVisit } from '../../stores/route';
import { VisitEditor } from './VisitEditor';

export type LoadedVisit = MethodOutput<'visits.get'>;

export interface VisitContext {
  id: string;
  /** Null for an event (活动), which names its firms in its answers. */
  firmId: string | null;
  firmName: string;
  kind: VisitKind;
  visit: LoadedVisit | null;
  /** A new visit's answers to start from: a diagnosis starts section 4 from the certificates the firm holds. */
  prefill?: Record<string, unknown>;
}

async function load(id: string, newFor: NewVisit | undefined): Promise<VisitContext> {
  try {
    const visit = await call('visits.get', { id });
    return { id, firmId: visit.firmId, firmName: visit.firmName, kind: visit.kind, visit };
  } catch (error) {
    if (!(error instanceof ApiError && error.data.code === 'NOT_FOUND' && newFor)) throw error;
    if (newFor.firmId === null) return { id, firmId: null, firmName: '', kind: 'event', visit: null };
    const firm = await call('firms.get', { id: newFor.firmId });
    const certified = firm.certifications.map(({ product, starLevel, certificateNo, validUntil }) => ({ product, starLevel, certificateNo, validUntil }));
    const prefill = newFor.kind === 'diagnosis' && certified.length ? { green: { certified, plans: [] } } : undefined;
    return { id, firmId: firm.id, firmName: firm.name, kind: newFor.kind, visit: null, ...(prefill ? { prefill } : {}) };
  }
}

/** Loads a visit (or starts a new one for a firm) and hands it to the editor; `version` reloads after complete/amend. */
export function VisitPage({ id, newFor }: { id: string; newFor?: NewVisit | undefined }) {
  const errorText = useErrorText();
  const [ctx, setCtx] = useState<VisitContext | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    load(id, newFor).then(setCtx, setError);
  }, [id, newFor, version]);
  // A completed visit on screen follows its sync state (待同步 → 已同步) as the sync sends it;
  // the editor is not remounted (same revision and status), and a draft being typed is left alone.
  const completed = ctx?.visit?.status === 'completed';
  useEffect(() => {
    if (!completed) return;
    return bridge.on('visits.changed', ({ ids }) => {
      if (ids.includes(id)) void load(id, undefined).then(setCtx, () => undefined);
    });
  }, [id, completed]);
  if (error) return <Result status="warning" title={errorText(error)} />;
  if (!ctx) return <Skeleton active />;
  return <VisitEditor key={`${ctx.visit?.revision ?? 0}-${ctx.visit?.status ?? 'new'}-${version}`} ctx={ctx} reload={() => setVersion((v) => v + 1)} />;
}
