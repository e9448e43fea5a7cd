import { serverUrlProblem } from '../../shared/api/server-url';

/**
 * Where the app finds the central server. The environment wins (for packaging
 * and tests), then the default for a server on this machine. XUNLIAN_TOKEN is a
 * development token used only while nobody has signed in on this laptop.
 */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

export interface AppConfig {
  serverUrl: string;
  token: string;
  officer: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const serverUrl = env.XUNLIAN_SERVER_URL?.trim() || DEFAULT_SERVER_URL;
  const parsed = new URL(serverUrl); // throws early on a typo, before any window opens
  if (serverUrlProblem(serverUrl)) throw new Error(`XUNLIAN_SERVER_URL must be an https:// address (http:// only for a server on this computer): ${serverUrl}`);
  return {
    serverUrl: parsed.origin,
    token: env.XUNLIAN_TOKEN?.trim() ?? '',
    officer: env.XUNLIAN_OFFICER?.trim() || '服务专员',
  };
}
