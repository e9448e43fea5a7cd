import type { FastifyInstance } from 'fastify';

/**
 * Text the database cannot hold — a NUL character (PostgreSQL text refuses it), a lone
 * surrogate (jsonb refuses it), bytes that are not UTF-8 (an over-long form, a cut
 * character) — is refused at the door with a 400 naming where it was, for every JSON body
 * and every text header a route decodes, instead of failing deep inside a statement as a
 * 500 whose log line then carried the request's data.
 */
export class UnstorableTextError extends Error {
  readonly statusCode = 400;
  readonly code = 'BAD_TEXT';
  constructor(where: string) {
    super(`Text the server cannot store (a NUL character, a lone surrogate or bytes that are not UTF-8) in ${where.slice(0, 120)}.`);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string the database can hold. */
export const storableText = (text: string): boolean => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

/** The path of the first string (value or key) the database cannot hold, or null. */
export function unstorablePath(value: unknown, path = 'body', depth = 0): string | null {
  if (typeof value === 'string') return storableText(value) ? null : path;
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    const here = `${path}.${storableText(key) ? key : '?'}`;
    if (!storableText(key)) return here;
    const found = unstorablePath(item, here, depth + 1);
    if (found) return found;
  }
  return null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON bodies are strict UTF-8, then parsed by Fastify's own parser (prototype poisoning refused), then scanned. */
export function refuseUnstorableJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      return done(new UnstorableTextError('the request body'), undefined);
    }
    parseJson(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      const where = unstorablePath(parsed);
      return where ? done(new UnstorableTextError(where), undefined) : done(null, parsed);
    });
  });
}
