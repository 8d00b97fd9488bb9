import type { Clock } from '../clock.js';
import { AccessLostError, BuildPeerError } from '../errors.js';
import type { GatewayApi } from '../gateway.js';
import type { HubTransport } from '../hub/hub-transport.js';
import type { VersionedStatus } from '../hub/latest-statuses.js';
import { sleep, type RetryPolicy } from '../retry.js';
import { readStatusEvents } from '../status.js';

/** How a project's changes are pushed while connected. */
export type PushVia = 'hub' | 'sse';

/** What a project feed needs from its watch. */
export interface FeedContext {
  gateway: GatewayApi;
  /** The hub, when the caller supplied a SignalR client; the event stream alone otherwise. */
  hub: HubTransport | undefined;
  clock: Clock;
  /** The backoff between reconnects of the event stream. */
  retry: RetryPolicy;
  /** The least wait before the event stream is opened again. */
  reconnectMs: number;
  /** How long a project the caller lost (or a gateway without push) is left to polling before push is tried again. */
  recheckMs: number;
  /** Each pushed status of the project's uploads. */
  onStatus: (status: VersionedStatus) => void;
  /** The feed connected, went away, or lost access. */
  onChange: () => void;
}

/**
 * The push of one project's changes: the hub first, the project's event stream (`GET /api/projects/{id}/events`)
 * when the hub cannot be had or lets go, reopened with backoff when it is cut. A project the caller may no longer
 * follow (the hub's `upload:access-lost`, the stream's 403 or 404) is left to polling, and push tried again later.
 */
export class ProjectFeed {
  connected = false;
  via: PushVia | undefined;
  private readonly stop = new AbortController();

  constructor(readonly projectId: string, private readonly context: FeedContext) {
    void this.run();
  }

  close(): void {
    this.stop.abort();
  }

  private async run(): Promise<void> {
    const { signal } = this.stop;
    try {
      while (true) {
        if (!this.context.hub || !(await this.viaHub(this.context.hub, signal))) await this.viaEventStream(signal);
        await sleep(this.context.recheckMs, signal, this.context.clock);
      }
    } catch {
      // closed: every wait and read ends by the signal
    }
  }

  /** Follows the project on the hub until that fails; true when the failure was the project's access being lost. */
  private async viaHub(hub: HubTransport, signal: AbortSignal): Promise<boolean> {
    try {
      for await (const status of hub.watchProject(this.projectId, signal, (connected) => this.set(connected, 'hub'))) {
        this.context.onStatus(status);
      }
    } catch (error) {
      signal.throwIfAborted();
      this.set(false, 'hub');
      return error instanceof AccessLostError;
    }
    signal.throwIfAborted();
    return false;
  }

  /** Reads the project's event stream, opened again after each cut; returns when it is refused for good. */
  private async viaEventStream(signal: AbortSignal): Promise<void> {
    const { gateway, retry, clock } = this.context;
    let failures = 0;
    while (true) {
      try {
        const response = await gateway.open(`api/projects/${encodeURIComponent(this.projectId)}/events`, signal);
        if (!response.body || !(response.headers.get('Content-Type') ?? '').startsWith('text/event-stream')) {
          await response.body?.cancel();
          throw new BuildPeerError('unexpected_response', 'The gateway did not answer with an event stream.', response.status);
        }
        this.set(true, 'sse');
        failures = 0;
        for await (const status of readStatusEvents(response.body)) this.context.onStatus(status);
      } catch (error) {
        signal.throwIfAborted();
        // 404: not the caller's project (any more), or a gateway without the endpoint; either way nothing to wait for.
        if (error instanceof BuildPeerError && [403, 404, 405].includes(error.status)) {
          this.set(false, 'sse');
          return;
        }
      }
      this.set(false, 'sse');
      await sleep(this.context.reconnectMs + retry.delayBefore(++failures), signal, clock);
    }
  }

  private set(connected: boolean, via: PushVia): void {
    if (this.stop.signal.aborted || (connected === this.connected && via === this.via)) return;
    this.connected = connected;
    this.via = via;
    this.context.onChange();
  }
}
