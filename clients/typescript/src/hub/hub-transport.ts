import type { GatewayApi } from '../gateway.js';
import type { StatusTransport, StatusUpdate, WatchContext } from '../status.js';
import { AsyncQueue } from './async-queue.js';
import type { HubConnectionBuilderLike } from './hub-connection.js';
import { HubSession, membershipOf, projectMembership, type Watcher } from './hub-session.js';

/** The gateway's SignalR hub, relative to its base URL. */
export const HUB_PATH = 'hubs/uploads';

export interface HubTransportOptions {
  /**
   * A new SignalR HubConnectionBuilder each call, e.g. `() => new signalR.HubConnectionBuilder()`, configured as the
   * caller likes (logging, `withAutomaticReconnect()`); the transport adds the URL and the token.
   */
  connection: () => HubConnectionBuilderLike;
  /**
   * Join the upload's project rather than the upload, when the project is known: one join covers every upload of
   * it, where a connection may hold 20 joins. False by default.
   */
  joinProject?: boolean;
}

/**
 * Upload results over the gateway's SignalR hub (`/hubs/uploads`): one connection for every upload being watched,
 * opened on the first and stopped after the last, since a connection counts against the caller's stream limit.
 * Yields the upload's current status (sent on join), then each change. When the hub cannot be reached, refuses the
 * join or drops the connection, the watch fails and the next transport (the event stream, then polling) takes over.
 */
export class HubTransport implements StatusTransport {
  readonly name = 'hub';
  private session: HubSession | undefined;

  constructor(private readonly gateway: GatewayApi, private readonly options: HubTransportOptions) {}

  watch(uploadId: string, signal: AbortSignal, context: WatchContext = {}): AsyncIterable<StatusUpdate> {
    return this.follow({
      uploadId,
      membership: membershipOf(uploadId, this.options.joinProject ? context.projectId : undefined),
      queue: new AsyncQueue<StatusUpdate>(),
    }, signal);
  }

  /**
   * Every upload of the project over the same connection: the current state of its live uploads (sent on join),
   * then each change. `onState` hears true once joined, false while an automatic reconnect is under way and true
   * again when the join is made anew. Fails as {@link watch} does; an {@link AccessLostError} when the caller may
   * no longer follow the project.
   */
  watchProject(projectId: string, signal: AbortSignal, onState?: (connected: boolean) => void): AsyncIterable<StatusUpdate> {
    const watcher: Watcher = { membership: projectMembership(projectId), queue: new AsyncQueue<StatusUpdate>() };
    if (onState) watcher.onState = onState;
    return this.follow(watcher, signal);
  }

  private async *follow(watcher: Watcher, signal: AbortSignal): AsyncIterable<StatusUpdate> {
    const session = this.current();
    // Listening before joining: the current state the hub sends on a join may come before invoke() resolves.
    session.add(watcher);
    let joined = false;
    try {
      await session.started;
      await session.join(watcher.membership);
      joined = true;
      watcher.onState?.(true);
      yield* watcher.queue.read(signal);
    } finally {
      session.remove(watcher);
      if (joined) session.leave(watcher.membership);
      if (session.idle) this.stop(session);
    }
  }

  private current(): HubSession {
    if (!this.session || this.session.closed) {
      // A browser cannot put headers on a WebSocket: the tenant goes in the query string, the token as access_token.
      const url = this.gateway.urlOf(`${HUB_PATH}?tenant=${encodeURIComponent(this.gateway.tenantId)}`);
      this.session = new HubSession(this.options.connection()
        .withUrl(url, { accessTokenFactory: () => this.gateway.token() })
        .build());
    }
    return this.session;
  }

  private stop(session: HubSession): void {
    if (this.session === session) this.session = undefined;
    session.close(new Error('The hub transport stopped.'));
  }
}
