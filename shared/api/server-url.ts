/**
 * The laptop talks to the central server over HTTPS. Plain http:// is accepted only
 * for a server on this very computer (loopback: development, tests, a demo), where
 * nothing crosses a network that others could read.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Null when the address may be used; otherwise the validation key that says why not. */
export function serverUrlProblem(url: string): 'validation.badFormat' | 'validation.insecureServerUrl' | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'validation.badFormat';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return null;
  return parsed.protocol === 'http:' ? 'validation.insecureServerUrl' : 'validation.badFormat';
}
