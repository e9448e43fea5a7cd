import type { FastifyInstance } from 'fastify';
import { unstorablePath } from '../shared/domain/storable-text';

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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const MAYBE_UNSTORABLE = /\\u(0000|[dD][89a-fA-F])/;

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
      // NUL and lone surrogates can only arrive as \u escapes in valid UTF-8 JSON: walk the parsed body only when one is there.
      const where = MAYBE_UNSTORABLE.test(text) ? unstorablePath(parsed) : null;
      return where ? done(new UnstorableTextError(['body', ...where].join('.')), undefined) : done(null, parsed);
    });
  });
}
