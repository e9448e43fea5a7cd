import type { OutgoingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { UpdateStatus } from '../../shared/api/care';
import { compareVersions, manifestNameFor, verifyReleaseManifest } from '../../shared/api/release-manifest';

async function sha512Of(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

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
  on(event: 'update-downloaded', listener: (info: DownloadedUpdate) => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** What electron-updater tells of a finished download (UpdateDownloadedEvent). */
export interface DownloadedUpdate {
  version: string;
  /** Where the installer was saved. */
  downloadedFile?: string;
  /** The installer's name on the feed. */
  path?: string;
  files?: { url: string }[];
}

export interface UpdateOptions {
  currentVersion: string;
  /**
   * The public halves of the bureau's release keys the app carries (build/release-keys.json,
   * packed as a resource): a download is installed only with a manifest signed by one.
   */
  releaseKeys: readonly string[];
  fetch?: typeof fetch;
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
  private verifying: Promise<void> = Promise.resolve();

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
      this.options.log(`updates: ${info.version} downloaded; checking it against its signed manifest`);
      this.verifying = this.verify(info);
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

  /** Settles when the last download's check against its manifest is done (tests wait on it). */
  verified(): Promise<void> {
    return this.verifying;
  }

  /**
   * Before the officer may install a download: the manifest beside it on the feed must be
   * signed by a release key the app carries, and name this file, this version (newer than
   * the running one), this channel, this size and this SHA-512. Otherwise the download is
   * deleted and the officer told why; install-on-quit is never turned on for it.
   */
  private async verify(info: DownloadedUpdate): Promise<void> {
    const file = info.downloadedFile;
    const name = info.files?.[0]?.url ?? info.path;
    const refuse = async (why: string) => {
      this.options.log(`updates: ${info.version} refused: ${why}`);
      if (file) await rm(file, { force: true }).catch(() => undefined);
      this.set({ state: 'error', problem: 'untrusted', percent: null });
    };
    try {
      const server = this.options.serverUrl();
      const token = this.options.token();
      if (!file || !name || !server || !token) return await refuse('the download or the feed is unknown');
      const res = await (this.options.fetch ?? fetch)(`${updateFeedUrl(server, this.channel())}${encodeURIComponent(manifestNameFor(name))}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
      if (!res.ok) return await refuse(`no signed manifest on the feed (HTTP ${res.status})`);
      const manifest = await verifyReleaseManifest(await res.json(), this.options.releaseKeys);
      if (!manifest) return await refuse('the manifest is not signed by a release key this app trusts');
      if (manifest.file !== name || manifest.version !== info.version || manifest.channel !== this.channel()) return await refuse(`the manifest is for ${manifest.file} ${manifest.version} (${manifest.channel}), not ${name} ${info.version}`);
      if (compareVersions(manifest.version, this.options.currentVersion) <= 0) return await refuse(`${manifest.version} is not newer than ${this.options.currentVersion}`);
      const { size } = await stat(file);
      if (size !== manifest.size || (await sha512Of(file)) !== manifest.sha512) return await refuse('the downloaded file is not the one the manifest was signed for');
      this.options.log(`updates: ${info.version} verified against its signed manifest`);
      this.set({ state: 'ready', availableVersion: info.version, percent: 100, problem: null });
    } catch (error) {
      await refuse(`the check failed: ${(error as Error).message}`);
    }
  }

  private channel(): string {
    return this.options.channel ?? 'stable';
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
    updater.setFeedURL({ provider: 'generic', url: updateFeedUrl(server, this.channel()), channel: 'latest' });
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
