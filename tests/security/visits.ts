import type { PushedVisit } from '../../shared/api/sync-protocol';
import { contentHash } from '../../shared/domain/canonical';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { fullAnswers } from '../fixtures/app';

/** A well-formed, correctly hashed diagnosis visit of a firm (what a laptop pushes). */
export async function pushedVisit(
  firmId: string,
  countyCode: NonNullable<PushedVisit['firm']>['countyCode'],
  options: { officer?: string; id?: string; revision?: number; kind?: PushedVisit['kind']; answers?: Record<string, unknown>; name?: string } = {},
): Promise<PushedVisit> {
  const body = {
    id: options.id ?? uuidv7(),
    revision: options.revision ?? 1,
    firmId,
    kind: options.kind ?? ('diagnosis' as const),
    officer: options.officer ?? '服务专员',
    completedAt: new Date().toISOString(),
    firm: { name: options.name ?? firmId, creditCode: '', countyCode },
    answers: options.answers ?? (fullAnswers() as Record<string, unknown>),
    attachments: [],
  };
  return { ...body, contentHash: await contentHash(body) };
}
