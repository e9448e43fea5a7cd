/**
 * Canonical JSON (keys sorted, undefined dropped) and its SHA-256: the content hash
 * that, with visit id and revision, makes a push idempotent. Laptop and server must
 * compute it byte-for-byte alike, so it lives here once. WebCrypto exists in Node 20
 * and in browsers alike, so shared/ stays free of Node imports.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function contentHash(value: unknown): Promise<string> {
  return sha256Hex(canonicalJson(value));
}
