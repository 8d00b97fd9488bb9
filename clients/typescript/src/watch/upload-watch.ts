import { systemClock, type Clock } from '../clock.js';
import { BuildPeerError } from '../errors.js';
import type { GatewayApi } from '../gateway.js';
import { HubTransport, type HubTransportOptions } from '../hub/hub-transport.js';
import type { VersionedStatus } from '../hub/latest-statuses.js';
import { RetryPolicy } from '../retry.js';
import { TERMINAL_STATUSES } from '../types.js';
import { FollowedUpload } from './followed-upload.js';
import { ProjectFeed, type FeedContext, type PushVia } from './project-feed.js';

/** How the watch learns of changes: pushed, polled (some upload waits without push), or neither needed. */
export type WatchMode = 'push' | 'polling' | 'idle';

export interface UploadWatchOptions {
  /** Each newer status of a followed upload, once; after a terminal one the upload is no longer followed. */
  onStatus: (status: VersionedStatus) => void;
  /** The mode changed; while pushed, `via` says whether by the hub or the event stream. */
  onMode?: (mode: WatchMode, via: PushVia | undefined) => void;
  /** A poll found the upload gone or out of the caller's reach (403/404); it is no longer followed. */
  onGone?: (uploadId: string, error: BuildPeerError) => void;
  /**
   * The hub first, with the caller's SignalR client as for `UploadClientOptions.hub` (e.g.
   * `{ connection: () => new signalR.HubConnectionBuilder().withAutomaticReconnect() }`); projects are always joined
   * whole. Without it, push is the event stream.
   */
  hub?: Pick<HubTransportOptions, 'connection'>;
  /** Between polls while some upload waits for the server without push (2 s by default). */
  pollIntervalMs?: number;
  /** An upload not heard of for this long is asked about even while pushed: a lost event must not hide its end (30 s). */
  staleMs?: number;
  /** The least wait before a cut event stream is opened again (1 s); the backoff of `retry` is added. */
  reconnectMs?: number;
  /** How long a project push refused (access lost, a gateway without push) is left to polling before push is tried again (60 s). */
  recheckMs?: number;
  /** Backoff of reconnects and of polls that failed (1 s doubling up to 30 s, with jitter, by default). */
  retry?: RetryPolicy;
  clock?: Clock;
}

/**
 * Follows many uploads of one or more projects at once, with one push connection per project at most: the hub
 * (when a SignalR client is supplied), else the project's event stream, and polling of `GET /api/uploads/{id}/status`
 * for uploads that wait for the server while their project is not pushed. Each newer status is delivered once.
 */
export class UploadWatch {
  private readonly followed = new Map<string, FollowedUpload>();
  private readonly feeds = new Map<string, ProjectFeed>();
  private readonly stop = new AbortController();
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly feedContext: FeedContext;
  private pollTimer: unknown;
  private pollAt = Infinity;
  private polling = false;
  private failedRounds = 0;
  private currentMode: WatchMode = 'idle';
  private currentVia: PushVia | undefined;

  constructor(private readonly gateway: GatewayApi, private readonly options: UploadWatchOptions) {
    this.clock = options.clock ?? systemClock;
    this.retry = options.retry ?? new RetryPolicy({ baseDelayMs: 1000, maxDelayMs: 30_000 });
    this.feedContext = {
      gateway,
      hub: options.hub && new HubTransport(gateway, { connection: options.hub.connection, joinProject: true }),
      clock: this.clock,
      retry: this.retry,
      reconnectMs: options.reconnectMs ?? 1000,
      recheckMs: options.recheckMs ?? 60_000,
      onStatus: (status) => this.receive(status, true),
      onChange: () => this.update(),
    };
  }

  get mode(): WatchMode {
    return this.currentMode;
  }

  /** The push transport while the mode is 'push'. */
  get via(): PushVia | undefined {
    return this.currentVia;
  }

  /** Follows the upload from now on; its project's push opens unless it is open already. */
  follow(uploadId: string, projectId: string): void {
    if (this.stop.signal.aborted) throw new Error('The upload watch is closed.');
    if (!this.followed.has(uploadId)) this.followed.set(uploadId, new FollowedUpload(projectId, this.clock.now()));
    if (!this.feeds.has(projectId)) this.feeds.set(projectId, new ProjectFeed(projectId, this.feedContext));
    this.update();
  }

  /** The upload's bytes are in storage: its status changes on the server now, so it is polled while not pushed. */
  expectChanges(uploadId: string): void {
    const upload = this.followed.get(uploadId);
    if (!upload) return;
    upload.expectsChanges = true;
    upload.heardAt = this.clock.now();
    this.update();
  }

  /** Stops following the upload; after the last upload of its project, the project's push is closed. */
  unfollow(uploadId: string): void {
    const upload = this.followed.get(uploadId);
    if (!upload) return;
    this.followed.delete(uploadId);
    if (![...this.followed.values()].some((other) => other.projectId === upload.projectId)) {
      this.feeds.get(upload.projectId)?.close();
      this.feeds.delete(upload.projectId);
    }
    this.update();
  }

  /** Stops everything: every push, every poll. */
  close(): void {
    this.stop.abort();
    for (const feed of this.feeds.values()) feed.close();
    this.feeds.clear();
    this.followed.clear();
    this.update();
  }

  private receive(status: VersionedStatus, pushed: boolean): void {
    const upload = this.followed.get(status.uploadId);
    if (!upload) return; // another upload of the same project
    upload.heardAt = this.clock.now();
    if (!upload.accepts(status, pushed)) return;
    if (TERMINAL_STATUSES.has(status.status)) this.unfollow(status.uploadId);
    this.options.onStatus(status);
  }

  /** Reports a changed mode, and polls soon while some upload waits unpushed, seldom (stale checks) while pushed. */
  private update(): void {
    const waiting = [...this.followed.values()].filter((upload) => upload.expectsChanges);
    const unpushed = waiting.some((upload) => !this.feeds.get(upload.projectId)?.connected);
    const connected = [...this.feeds.values()].filter((feed) => feed.connected);
    const mode: WatchMode = unpushed ? 'polling' : connected.length > 0 ? 'push' : 'idle';
    const via = mode === 'push' ? (connected.some((feed) => feed.via === 'hub') ? 'hub' : 'sse') : undefined;
    if (mode !== this.currentMode || via !== this.currentVia) {
      this.currentMode = mode;
      this.currentVia = via;
      this.options.onMode?.(mode, via);
    }
    if (waiting.length === 0 || this.stop.signal.aborted) {
      this.cancelPoll();
      return;
    }
    if (this.polling) return;
    const backoff = this.failedRounds > 0 ? this.retry.delayBefore(this.failedRounds) : 0;
    const delay = unpushed ? (this.options.pollIntervalMs ?? 2000) + backoff : this.staleMs / 2;
    // Push went away: the round comes sooner, not after the slow stale check already set.
    if (this.pollTimer !== undefined && this.clock.now() + delay >= this.pollAt) return;
    this.cancelPoll();
    this.pollAt = this.clock.now() + delay;
    this.pollTimer = this.clock.setTimeout(() => void this.poll(), delay);
  }

  private get staleMs(): number {
    return this.options.staleMs ?? 30_000;
  }

  private cancelPoll(): void {
    if (this.pollTimer !== undefined) this.clock.clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.pollAt = Infinity;
  }

  /** Asks about every waiting upload not pushed, and every one not heard of for `staleMs`. */
  private async poll(): Promise<void> {
    this.pollTimer = undefined;
    this.pollAt = Infinity;
    this.polling = true;
    const now = this.clock.now();
    const due = [...this.followed].filter(([, upload]) => upload.expectsChanges
      && (!this.feeds.get(upload.projectId)?.connected || now - upload.heardAt >= this.staleMs));
    const answered = await Promise.all(due.map(([uploadId]) => this.ask(uploadId)));
    this.failedRounds = answered.includes(false) ? this.failedRounds + 1 : 0;
    this.polling = false;
    this.update();
  }

  /** One poll; false when it failed in a way a later round may not (the network, the gateway's 5xx). */
  private async ask(uploadId: string): Promise<boolean> {
    try {
      this.receive(await this.gateway.status(uploadId, this.stop.signal), false);
    } catch (error) {
      if (this.stop.signal.aborted) return true;
      if (!(error instanceof BuildPeerError) || (error.status !== 403 && error.status !== 404)) return false;
      if (!this.followed.has(uploadId)) return true;
      this.unfollow(uploadId);
      this.options.onGone?.(uploadId, error);
    }
    return true;
  }
}
