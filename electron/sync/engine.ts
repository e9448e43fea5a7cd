import type { SyncProblem, SyncStatus } from '../../shared/api/contract';
import { HealthBody, PushResponse, type PushItemResult, type ServerKeys } from '../../shared/api/sync-protocol';
import type { Db } from '../../db/open';
import { countPending, pendingBatch, quarantine, recordAttempt, type OutboxItem } from '../../db/repositories/outbox';
import { countBySyncState, lastSyncedAt, setSyncState } from '../../db/repositories/visits';
import { fullJitterDelay } from './backoff';
import { uploadAttachments } from './attachment-upload';
import { pullDirectory } from './directory-pull';
import { pushFirmChanges } from './firm-push';
import { countPendingFirmChanges } from '../../db/repositories/firm-outbox';
import { countPendingDecisions } from '../../db/repositories/decision-outbox';
import { pullVisits } from './visit-pull';
import { pullProblems } from './problem-pull';
import { pullDecisions, pushDecisions } from './decision-push';
import { applyResults } from './results';
import { pushAuditEvents } from './audit-push';
import { requestJson, TransportError, type HttpConfig } from './http';
import { problemOf, UNREACHABLE } from './problem';

export interface Credentials {
  serverUrl: string;
  token: string | null;
  /** Supervisors and admins also pull the consolidated visits of their scope. */
  role?: 'officer' | 'supervisor' | 'admin' | 'auditor' | undefined;
}

export interface SyncOptions extends Omit<HttpConfig, 'serverUrl' | 'token'> {
  /** Read at every cycle: sign-in and sign-out take effect at once. */
  credentials: () => Credentials;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often to probe when nothing is waiting, so the indicator stays honest. */
  idleProbeMs?: number;
  now?: () => Date;
  random?: () => number;
  onStatus?: (status: SyncStatus) => void;
  /** The bureau's policy as the health probe carries it (the idle-lock minutes), each time it answers. */
  onPolicy?: (policy: { idleLockMinutes: number }) => void;
  /** The server's signed public keys (transfer, bureau recovery), with every health answer that carries them. */
  onServerKeys?: (keys: ServerKeys) => void;
  onSynced?: (visitIds: string[]) => void;
  onDirectory?: (changes: { firms: number; reference: number }) => void;
  /** Where the laptop keeps attachment copies (uploaded after their visit is on the server). */
  /** Where attachments are kept, and their key (they are stored encrypted). */
  attachments?: { dir: string; key: Buffer };
  /** Where the technical detail of failures goes (never to the screen). */
  log?: (line: string) => void;
  /** The health probe gives up sooner than other requests: it carries nothing. */
  probeTimeoutMs?: number;
  /** After a failed probe, how soon the second one goes. */
  probeRetryMs?: number;
  /** A request unanswered this long is reported as waiting for the server. */
  stallAfterMs?: number;
}

/**
 * The outbox pusher. One cycle: probe health, then send pending items in batches
 * until the queue is empty or the link fails. Items the server rejects or finds in
 * conflict are quarantined with the reason and never block the rest. A failed
 * cycle schedules the next one with backoff and full jitter.
 */
/** After this many server errors on a batch, items go one by one to find the one the server cannot take. */
const ISOLATE_AFTER = 3;
/** An item the server failed on this many times, alone, is quarantined so the rest of the queue moves. */
const MAX_ITEM_ATTEMPTS = 6;

export class SyncEngine {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  private failures = 0;
  private stopped = true;
  private online: boolean | null = null;
  private progress: { done: number; total: number } | null = null;
  private receiving: number | null = null;
  private lastError: string | null = null;
  private problem: SyncProblem | null = null;
  private nextAttemptAt: Date | null = null;
  private lastSuccessAt: string | null;
  /** Start times of requests in flight, to say "waiting for the server" when one stalls. */
  private readonly inflight = new Set<number>();
  private stallTimer: NodeJS.Timeout | null = null;
  private waitingForServerSince: number | null = null;
  /** Requests of this cycle the server answered with success: proof it works, so a 500 is about the item. */
  private answeredThisCycle = 0;

  constructor(
    private readonly db: Db,
    private readonly options: SyncOptions,
  ) {
    this.lastSuccessAt = lastSyncedAt(db);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /** Something was queued or the network came back: try soon, forgetting the backoff. */
  kick(): void {
    this.failures = 0;
    this.emit(); // what waits changed: the bar says so now, not after the attempt
    if (!this.stopped) this.schedule(0);
  }

  /**
   * "Sync now": run a cycle at once and resolve when it ends. A cycle already under way may have
   * pulled before the click (a colleague's amendment sent since would be missing): then this waits
   * for it and for the cycle that starts after it.
   */
  async syncNow(): Promise<SyncStatus> {
    this.failures = 0;
    const underWay = this.running;
    await this.runCycle();
    if (underWay) await (this.running ?? this.runCycle());
    return this.status();
  }

  /** When a sync attempt last succeeded (the account screen counts the idle expiry from it). */
  lastSuccess(): string | null {
    return this.lastSuccessAt;
  }

  status(): SyncStatus {
    const counts = countBySyncState(this.db);
    // Everything this laptop still has to send: visits, firm edits, a supervisor's queued decisions.
    const waiting = countPending(this.db) + countPendingFirmChanges(this.db) + countPendingDecisions(this.db);
    const { serverUrl, token } = this.options.credentials();
    const problem = token ? this.problem : null;
    const state: SyncStatus['state'] = !token
      ? 'signedOut'
      : this.progress
        ? 'sending'
        : this.receiving !== null
          ? 'receiving'
          : problem && UNREACHABLE.includes(problem) && this.online === false
            ? 'offline'
            : problem
              ? 'problem'
              : counts.attention > 0
                ? 'attention'
                : 'idle';
    return {
      state,
      waiting,
      attention: counts.attention,
      sending: this.progress,
      receiving: this.receiving,
      waitingForServerSince: this.waitingForServerSince === null ? null : new Date(this.waitingForServerSince).toISOString(),
      lastSyncedAt: this.lastSuccessAt,
      lastError: this.lastError,
      problem,
      // The next try matters to the officer while something waits or the last one failed.
      nextAttemptAt: token && (waiting > 0 || problem) && this.nextAttemptAt ? this.nextAttemptAt.toISOString() : null,
      serverUrl,
    };
  }

  /**
   * Tracks a request while it is in flight; one left unanswered for a couple of
   * seconds makes the status say so, well before the request times out.
   */
  private async watch<T>(request: Promise<T>): Promise<T> {
    const started = this.now().getTime();
    this.inflight.add(started);
    this.stallTimer ??= setInterval(() => this.checkStall(), 500);
    this.stallTimer.unref?.();
    try {
      return await request;
    } finally {
      this.inflight.delete(started);
      if (this.inflight.size === 0 && this.stallTimer) {
        clearInterval(this.stallTimer);
        this.stallTimer = null;
      }
      this.checkStall();
    }
  }

  private checkStall(): void {
    const oldest = this.inflight.size ? Math.min(...this.inflight) : null;
    const stalled = oldest !== null && this.now().getTime() - oldest >= (this.options.stallAfterMs ?? 2000) ? oldest : null;
    if (stalled === this.waitingForServerSince) return;
    this.waitingForServerSince = stalled;
    this.emit();
  }

  /** The health probe; one failure is retried once, shortly, before anything changes on screen. */
  private async probe(http: HttpConfig): Promise<void> {
    const probeHttp = { ...http, timeoutMs: Math.min(http.timeoutMs, this.options.probeTimeoutMs ?? 5000) };
    let health: { value: { idleLockMinutes?: number | undefined; serverKeys?: ServerKeys | undefined } };
    try {
      health = await this.watch(requestJson(probeHttp, '/api/v1/health', HealthBody));
    } catch (error) {
      this.options.log?.(`sync: health probe failed, retrying once: ${(error as Error).message}`);
      await new Promise((done) => setTimeout(done, this.options.probeRetryMs ?? 1000));
      health = await this.watch(requestJson(probeHttp, '/api/v1/health', HealthBody));
    }
    if (health.value.idleLockMinutes !== undefined) this.options.onPolicy?.({ idleLockMinutes: health.value.idleLockMinutes });
    if (health.value.serverKeys) this.options.onServerKeys?.(health.value.serverKeys);
  }

  private emit(): void {
    this.options.onStatus?.(this.status());
  }

  private schedule(delayMs: number): void {
    this.nextAttemptAt = new Date(this.now().getTime() + delayMs);
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runCycle();
    }, delayMs);
    this.timer.unref?.();
  }

  private runCycle(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.cycle().finally(() => {
      this.running = null;
      if (this.rerun) {
        this.rerun = false;
        void this.runCycle();
      }
    });
    return this.running;
  }

  private async cycle(): Promise<void> {
    // Read once per cycle: the token may sit behind the OS keychain.
    const { serverUrl, token, role } = this.options.credentials();
    const http: HttpConfig | null = token ? { ...this.options, serverUrl, token } : null;
    if (!http) {
      // Signed out: nothing can be sent; completed visits wait in the outbox.
      this.emit();
      return;
    }
    this.answeredThisCycle = 0;
    try {
      try {
        await this.probe(http);
        this.online = true;
      } catch (error) {
        this.online = false;
        throw error;
      }
      // An auditor's laptop holds no visits: it sends its own audit events (its exports of the log) and nothing else.
      if (role === 'auditor') {
        await pushAuditEvents(this.db, http, () => this.now());
        this.succeeded();
        return;
      }
      // Firms first: a visit to a firm found in the field needs the firm in the register.
      if (role !== 'supervisor' && (await pushFirmChanges(this.db, http, () => this.now()))) {
        this.answeredThisCycle++;
        this.options.onDirectory?.({ firms: 1, reference: 0 });
      }
      await this.drain(http);
      // Decisions (a supervisor's) and requests (an officer's), queued offline or online, before anything is pulled: the pull then shows their effect.
      await pushDecisions(this.db, http, () => this.now());
      this.progress = null; // sent: what follows (uploads, pulls) is not "sending n of m"
      if (this.options.attachments) await uploadAttachments(this.db, http, this.options.attachments.dir, this.options.attachments.key);
      const changes = await pullDirectory(this.db, http, () => this.now());
      if (changes.firms || changes.reference) this.options.onDirectory?.(changes);
      if (role === 'supervisor' || role === 'admin') {
        this.receiving = 0;
        this.emit();
        const pulled = await pullVisits(this.db, http, (received) => {
          this.receiving = received;
          this.emit();
        });
        if (pulled) this.options.onSynced?.([]);
      }
      // Every role that serves firms: the problems of its counties as the server keeps them, a colleague's too.
      if (await pullProblems(this.db, http, () => this.now())) this.options.onSynced?.([]);
      // Decisions about this account's requests and records (a declined tier request and why), or its counties'.
      if (await pullDecisions(this.db, http)) this.options.onDirectory?.({ firms: 0, reference: 0 });
      // Every role: what left this laptop (exports, outside backups, transfer files) goes to the bureau's audit log.
      await pushAuditEvents(this.db, http, () => this.now());
      this.succeeded();
    } catch (error) {
      this.lastError = (error as Error).message;
      this.problem = problemOf(error);
      this.options.log?.(`sync: attempt failed (${this.problem}): ${this.lastError}`);
      this.failures++;
      const hinted = error instanceof TransportError ? error.retryAfterMs : null;
      const delay = hinted ?? fullJitterDelay(this.failures, this.options.baseDelayMs ?? 1000, this.options.maxDelayMs ?? 180_000, this.options.random);
      if (this.problem === 'signInAgain') {
        // A revoked or expired token will not get better by itself: signing in again kicks the engine.
        this.nextAttemptAt = null;
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
      } else this.schedule(Math.max(delay, 250));
    } finally {
      this.progress = null;
      this.receiving = null;
      this.emit();
    }
  }

  private succeeded(): void {
    this.failures = 0;
    this.lastError = null;
    this.problem = null;
    this.lastSuccessAt = this.now().toISOString();
    this.schedule(countPending(this.db) > 0 ? 0 : (this.options.idleProbeMs ?? 60_000));
  }

  /**
   * Sends the queue with two batches in flight, so on a slow, distant link the next
   * batch is on the wire while the server answers the previous one. A batch the
   * server keeps failing on is retried one item at a time.
   */
  private async drain(http: HttpConfig): Promise<void> {
    const total = countPending(this.db);
    if (total === 0) return; // nothing to send: no "sending 0 of 0" on the bar
    this.progress = { done: 0, total };
    this.emit();
    let lastId = 0;
    let failure: unknown = null;
    const inflight = new Set<Promise<void>>();
    const launch = (): boolean => {
      const head = pendingBatch(this.db, 1, lastId)[0];
      if (!head) return false;
      const isolate = head.attempts >= ISOLATE_AFTER;
      if (isolate && inflight.size > 0) return false;
      const batch = isolate ? [head] : pendingBatch(this.db, this.options.batchSize ?? 200, lastId);
      lastId = batch[batch.length - 1]!.id;
      const sending: Promise<void> = this.pushBatch(http, batch)
        .then((handled) => {
          const done: number = (this.progress?.done ?? 0) + handled;
          this.progress = { done, total: Math.max(total, done) };
          this.emit();
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inflight.delete(sending));
      inflight.add(sending);
      return !isolate;
    };
    while (failure === null) {
      while (inflight.size < 2 && launch());
      if (inflight.size === 0) break;
      await Promise.race(inflight);
    }
    await Promise.allSettled([...inflight]);
    if (failure !== null) throw failure;
  }

  /** One request; returns how many items it settled. A lone item the server keeps failing on is quarantined. */
  private async pushBatch(http: HttpConfig, batch: OutboxItem[]): Promise<number> {
    let response: PushResponse;
    try {
      ({ value: response } = await this.watch(
        requestJson(http, '/api/v1/visits/batch', PushResponse, {
          protocol: 1,
          visits: batch.map((item) => JSON.parse(item.payload) as unknown),
        }),
      ));
    } catch (error) {
      // Only what is about the item counts against it: a bad network, a busy server (503, 429),
      // a gateway (502, 504) or a server-wide failure is nobody's record's fault.
      if (error instanceof TransportError && error.httpStatus === 500 && (await this.serverAnswersOthers(http))) {
        recordAttempt(this.db, batch.map((i) => i.id), (error as Error).message);
        const head = batch[0]!;
        if (batch.length === 1 && head.attempts + 1 >= MAX_ITEM_ATTEMPTS) {
          const reason = `the server failed on this visit ${head.attempts + 1} times (${(error as Error).message})`;
          this.db.transaction(() => {
            quarantine(this.db, head.id, reason);
            setSyncState(this.db, head.visitId, head.revision, 'attention', null, reason);
          })();
          return 1;
        }
      }
      throw error;
    }
    const handled = this.apply(batch, response.results);
    if (handled === 0) throw new TransportError('server answered without results for this batch');
    this.answeredThisCycle++;
    return handled;
  }

  /**
   * Whether the server works for others while it fails on this batch: a request of this
   * cycle succeeded, or its readiness check (the database answers) does. A server from
   * before readiness checks (404) answered, so it counts as working, as it did then.
   */
  private async serverAnswersOthers(http: HttpConfig): Promise<boolean> {
    if (this.answeredThisCycle > 0) return true;
    try {
      await this.watch(requestJson({ ...http, timeoutMs: Math.min(http.timeoutMs, this.options.probeTimeoutMs ?? 5000) }, '/api/v1/ready', HealthBody));
      return true;
    } catch (error) {
      return error instanceof TransportError && error.httpStatus === 404;
    }
  }

  private apply(batch: OutboxItem[], results: PushItemResult[]): number {
    const { settled, synced } = applyResults(this.db, batch, results, this.now().toISOString());
    if (synced.length) this.options.onSynced?.(synced);
    return settled;
  }
}
