import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/api/sync-protocol';

/** Anything short of a well-formed, versioned JSON success: retry later, never "synced". */
/** A Xunlian server's error body ({ error: { code, message } }), or null for anything else (a proxy's page). */
function serverError(text: string): { code: string; message: string; key: string | null } | null {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; key?: unknown } };
    const { code, message, key } = body.error ?? {};
    const i18nKey = typeof key === 'string' && /^[a-z]+(\.[A-Za-z]+){1,3}$/.test(key) ? key : null;
    return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? { code, message: typeof message === 'string' ? message.slice(0, 300) : '', key: i18nKey } : null;
  } catch {
    return null;
  }
}

/**
 * What went wrong, as a code the UI translates: the connection failed (refused, reset,
 * cut), no answer in time, a captive portal or proxy answered instead of the server
 * (an HTML page, a redirect, JSON without our protocol header), the answer was cut short
 * or malformed, or the server answered with an error status. The message keeps the
 * technical detail for the log; it is never shown to the officer.
 */
export type TransportKind = 'unreachable' | 'timeout' | 'captivePortal' | 'badAnswer' | 'http';

export class TransportError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    /** Set when the server itself answered with an error status (not the network failing). */
    readonly httpStatus: number | null = null,
    /** The server's own error code (its JSON error body), e.g. NO_SCOPE. */
    readonly serverCode: string | null = null,
    readonly kind: TransportKind = httpStatus === null ? 'badAnswer' : 'http',
    /** The i18n key of the server's sentence for it, when it gave one. */
    readonly serverKey: string | null = null,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const failure = (kind: TransportKind, message: string) => new TransportError(message, null, null, null, kind);

export interface HttpConfig {
  serverUrl: string;
  token: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

function retryAfter(res: Response): number | null {
  const value = res.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

interface RequestOptions {
  method?: string;
  offset?: number;
  headers?: Record<string, string>;
  /** The answer is a CSV file (text/csv with the protocol header), returned as its text. */
  csv?: boolean;
}

/** A CSV the server makes (the audit log's export): its text, with the same checks as any answer. */
export async function requestCsv(config: HttpConfig, path: string): Promise<string> {
  return (await requestJson(config, path, z.string(), undefined, { csv: true, headers: { accept: 'text/csv' } })).value;
}

/**
 * One request to the central server. Success requires: status 200, a JSON
 * content type, the protocol header, a body that parses and matches `schema`.
 * A captive portal's `200 text/html`, a truncated body, a timeout or a reset all
 * end as TransportError.
 */
export async function requestJson<T>(
  config: HttpConfig,
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
  options: RequestOptions = {},
): Promise<{ value: T; bytesSent: number }> {
  // The server logs the same id with the request, so support can match a laptop's log line with the server's.
  const requestId = randomUUID();
  try {
    return await requestOnce(config, path, schema, body, options, requestId);
  } catch (error) {
    if (error instanceof TransportError) error.message = `${error.message} [request ${requestId}]`;
    throw error;
  }
}

async function requestOnce<T>(config: HttpConfig, path: string, schema: z.ZodType<T>, body: unknown, options: RequestOptions, requestId: string): Promise<{ value: T; bytesSent: number }> {
  const doFetch = config.fetch ?? fetch;
  const headers: Record<string, string> = { authorization: `Bearer ${config.token}`, accept: 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'x-request-id': requestId };
  let payload: Uint8Array | undefined;
  if (Buffer.isBuffer(body)) {
    // File bytes go as they are (photos and PDFs are compressed already).
    payload = body;
    headers['content-type'] = 'application/octet-stream';
    if (options.offset !== undefined) headers['x-offset'] = String(options.offset);
  } else if (body !== undefined) {
    payload = gzipSync(JSON.stringify(body));
    headers['content-type'] = 'application/json';
    headers['content-encoding'] = 'gzip';
  }
  Object.assign(headers, options.headers);
  const describe = (error: unknown) => {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    return `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
  };
  let res: Response;
  let text: string;
  try {
    res = await doFetch(new URL(path, config.serverUrl), {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(payload ? { body: payload } : {}),
      signal: AbortSignal.timeout(config.timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw failure('timeout', `network: no answer within ${config.timeoutMs} ms`);
    throw failure('unreachable', `network: ${describe(error)}`);
  }
  try {
    text = await res.text();
  } catch (error) {
    // The answer began and was cut off on the way.
    if ((error as Error).name === 'TimeoutError') throw failure('timeout', `network: answer not complete within ${config.timeoutMs} ms`);
    throw failure('badAnswer', `answer cut short (HTTP ${res.status}): ${describe(error)}`);
  }
  if (res.status === 401) throw new TransportError('unauthorized: sign in again', null, 401);
  // A redirect is what captive portals answer with (we never follow one).
  if (res.status >= 300 && res.status < 400) throw failure('captivePortal', `HTTP ${res.status} redirect to ${res.headers.get('location') ?? '?'}`);
  if (res.status !== 200) {
    const error = serverError(text);
    throw new TransportError(error ? `HTTP ${res.status} ${error.code}: ${error.message}` : `HTTP ${res.status}`, res.status === 503 || res.status === 429 ? retryAfter(res) : null, res.status, error?.code ?? null, 'http', error?.key ?? null);
  }
  const contentType = res.headers.get('content-type') ?? '';
  if (options.csv) {
    if (!contentType.startsWith('text/csv') || res.headers.get(PROTOCOL_HEADER) !== String(PROTOCOL_VERSION)) throw failure('captivePortal', `not the server's CSV (${contentType || 'no content type'})`);
    return { value: schema.parse(text), bytesSent: 0 };
  }
  if (!contentType.startsWith('application/json')) throw failure('captivePortal', `not a JSON answer (${contentType || 'no content type'}): captive portal?`);
  if (res.headers.get(PROTOCOL_HEADER) !== String(PROTOCOL_VERSION)) throw failure('captivePortal', 'JSON without the Xunlian protocol header: a proxy or portal answered');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw failure('badAnswer', `malformed or truncated answer (${text.length} bytes)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw failure('badAnswer', 'unexpected answer shape');
  return { value: parsed.data, bytesSent: payload?.byteLength ?? 0 };
}
