import type { OutgoingHttpHeaders } from 'node:http';
import type { UpdateStatus } from '../../shared/api/care';

/**
 * Updates from the bureau's own server (no internet needed): electron-updater's generic
 * provider reading <server>/updates/<channel>/. The app checks at start and every few
 * hours while the server answers, downloads in the background (differential, in small
 * range requests), and never restarts on its own: when the officer agrees, the update is
 * installed as the app quits, so the next launch runs the new version. Staged rollouts
 * are electron-updater's own (stagingPercentage in the feed, a random id per laptop).
 *
 * Plain Node: main.ts hands in electron-updater's updater; tests hand in a fake.
 */

/** The part of electron-updater's AppUpdater this service uses. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  /** Sent with every feed and download request: the server serves releases to signed-in laptops only. */
  requestHeaders: OutgoingHttpHeaders | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<{ updateInfo: { version: string }; isUpdateAvailable?: boolean } | null>;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateOptions {
  currentVersion: string;
  /** The bureau's server, or null when none is configured (then nothing is checked). */
  serverUrl: () => string | null;
  /** The device token, or null when signed out (the server then refuses the feed). */
  token: () => string | null;
  channel?: string;
  /** Whether the server answered lately; checks wait for it. */
  online: () => boolean;
  emit: (status: UpdateStatus) => void;
  log: (line: string) => void;
  now: () => Date;
  intervalMs?: number;
  firstCheckDelayMs?: number;
}

export const UPDATE_INTERVAL_MS = 4 * 3600 * 1000;

export function updateFeedUrl(serverUrl: string, channel: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/updates/${encodeURIComponent(channel)}/`;
}

/** Sorts a failure into what the officer can act on; the detail goes to the log. */
function problemOf(error: Error): UpdateStatus['problem'] {
  const text = `${(error as { code?: string }).code ?? ''} ${error.message}`;
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|net::ERR_/.test(text)) return 'offline';
  if (/\b404\b|Cannot find channel|latest.*\.yml/i.test(text)) return 'noFeed';
  if (/sha512|checksum|YAML|parse/i.test(text)) return 'badFeed';
  return 'other';
}

export class UpdateService {
  private state: UpdateStatus;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<UpdateStatus> | null = null;

  constructor(
    private readonly updater: Updater | null,
    private readonly options: UpdateOptions,
  ) {
    this.state = {
      state: updater ? 'idle' : 'unavailable',
      currentVersion: options.currentVersion,
      availableVersion: null,
      percent: null,
      installOnRestart: false,
      lastCheckedAt: null,
      problem: null,
    };
    if (!updater) return;
    updater.autoDownload = true; // in the background, resumable; nothing is installed without the officer
    updater.autoInstallOnAppQuit = false;
    updater.allowDowngrade = false;
    updater.on('update-available', (info) => this.set({ state: 'downloading', availableVersion: info.version, percent: 0 }));
    updater.on('download-progress', (progress) => this.set({ state: 'downloading', percent: Math.max(0, Math.min(100, Math.round(progress.percent))) }));
    updater.on('update-downloaded', (info) => {
      this.options.log(`updates: ${info.version} downloaded`);
      this.set({ state: 'ready', availableVersion: info.version, percent: 100, problem: null });
    });
    updater.on('error', (error) => {
      this.options.log(`updates: ${error.message}`);
      // A failed download keeps what was fetched; the next check resumes it.
      this.set({ state: 'error', problem: this.state.state === 'downloading' ? 'download' : problemOf(error) });
    });
  }

  status(): UpdateStatus {
    return { ...this.state };
  }

  start(): void {
    if (!this.updater || this.timer) return;
    const tick = () => {
      if (this.options.online()) void this.check();
    };
    const first = setTimeout(tick, this.options.firstCheckDelayMs ?? 15_000);
    first.unref?.();
    this.timer = setInterval(tick, this.options.intervalMs ?? UPDATE_INTERVAL_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One check (at most one at a time); a ready or downloading update is left alone. */
  check(): Promise<UpdateStatus> {
    const updater = this.updater;
    const server = this.options.serverUrl();
    const token = this.options.token();
    if (!updater || !server || !token) return Promise.resolve(this.status());
    if (this.state.state === 'ready' || this.state.state === 'downloading') return Promise.resolve(this.status());
    if (this.checking) return this.checking;
    this.set({ state: 'checking', problem: null });
    updater.setFeedURL({ provider: 'generic', url: updateFeedUrl(server, this.options.channel ?? 'stable'), channel: 'latest' });
    updater.requestHeaders = { authorization: `Bearer ${token}` };
    this.checking = updater
      .checkForUpdates()
      .then((result) => {
        const lastCheckedAt = this.options.now().toISOString();
        const available = result && (result.isUpdateAvailable ?? result.updateInfo.version !== this.options.currentVersion);
        // electron-updater moves to downloading through its events; a check that finds nothing ends here.
        if (!available) this.set({ state: 'upToDate', availableVersion: null, percent: null, lastCheckedAt });
        else this.set({ lastCheckedAt, availableVersion: result.updateInfo.version, ...(this.state.state === 'checking' ? { state: 'downloading', percent: 0 } : {}) });
        return this.status();
      })
      .catch((error: Error) => {
        this.options.log(`updates: check failed: ${error.message}`);
        this.set({ state: 'error', problem: problemOf(error), lastCheckedAt: this.options.now().toISOString() });
        return this.status();
      })
      .finally(() => (this.checking = null));
    return this.checking;
  }

  /** The officer agrees: install when the app quits, so the next launch runs the new version. */
  installOnRestart(): UpdateStatus {
    if (this.updater && this.state.state === 'ready') {
      this.updater.autoInstallOnAppQuit = true;
      this.set({ installOnRestart: true });
      this.options.log(`updates: ${this.state.availableVersion} will install when the app quits`);
    }
    return this.status();
  }

  private set(patch: Partial<UpdateStatus>): void {
    this.state = { ...this.state, ...patch };
    this.options.emit(this.status());
  }
}
