import { AccessLostError, BuildPeerError } from '../errors.js';
import type { StatusUpdate } from '../status.js';
import { AsyncQueue } from './async-queue.js';
import type { HubConnectionLike } from './hub-connection.js';
import { LatestStatuses, type VersionedStatus } from './latest-statuses.js';

/** What a watcher joins: one upload, or the project that holds it (one join covering all its uploads). */
export interface Membership {
  key: string;
  join: 'JoinUpload' | 'JoinProject';
  leave: 'LeaveUpload' | 'LeaveProject';
  id: string;
}

export function membershipOf(uploadId: string, projectId: string | undefined): Membership {
  return projectId ? projectMembership(projectId) : { key: `upload:${uploadId}`, join: 'JoinUpload', leave: 'LeaveUpload', id: uploadId };
}

export function projectMembership(projectId: string): Membership {
  return { key: `project:${projectId}`, join: 'JoinProject', leave: 'LeaveProject', id: projectId };
}

export interface Watcher {
  /** The upload watched; none for every upload of the membership's project. */
  uploadId?: string;
  membership: Membership;
  queue: AsyncQueue<StatusUpdate>;
  /** Told when an automatic reconnect begins (nothing arrives meanwhile) and when its join is made again after it. */
  onState?: (connected: boolean) => void;
}

/** The hub's client events this session listens to: every change, and again under its own name for how it ended. */
const STATUS_EVENTS = ['upload:status', 'upload:completed', 'upload:failed', 'upload:quarantined'];

/**
 * One hub connection shared by every upload being watched: joins are counted so a project joined for two uploads
 * is joined once and left when the last of them ends. A closed connection fails every watcher (its transport then
 * gives way to the next one); a refused or lost join fails the watchers of that join alone.
 */
export class HubSession {
  readonly started: Promise<void>;
  closed = false;
  private readonly watchers = new Set<Watcher>();
  private readonly joins = new Map<string, { count: number; done: Promise<void> }>();
  private readonly latest = new LatestStatuses();

  constructor(private readonly connection: HubConnectionLike) {
    for (const name of STATUS_EVENTS) connection.on(name, (status: VersionedStatus) => this.deliver(status));
    connection.on('upload:access-lost', (lost: { projectId?: string; uploadId?: string | null; code?: string }) => {
      const key = lost.uploadId ? `upload:${lost.uploadId}` : `project:${lost.projectId}`;
      this.joins.delete(key);
      this.failWatchers(key, new AccessLostError(lost.code ?? 'access_lost', lost.projectId, lost.uploadId ?? undefined));
    });
    connection.onclose((error) => this.close(error ?? new BuildPeerError('network_error', 'The hub connection closed.')));
    connection.onreconnecting?.(() => this.watchers.forEach((watcher) => watcher.onState?.(false)));
    connection.onreconnected?.(() => this.rejoin());
    this.started = connection.start();
    this.started.catch((error: unknown) => this.close(error));
  }

  get idle(): boolean {
    return this.watchers.size === 0;
  }

  /** Adds a watcher; it first gets the newest status of its upload (or project) this connection has seen, if any. */
  add(watcher: Watcher): void {
    this.watchers.add(watcher);
    const known = watcher.uploadId === undefined
      ? this.latest.ofProject(watcher.membership.id)
      : [this.latest.of(watcher.uploadId)].filter((status) => status !== undefined);
    for (const status of known) watcher.queue.push(status);
  }

  remove(watcher: Watcher): void {
    this.watchers.delete(watcher);
  }

  /** Joins once per membership, however many watchers share it; a refusal reads "…HubException: <code>: <title>". */
  async join(membership: Membership): Promise<void> {
    let entry = this.joins.get(membership.key);
    if (!entry) {
      entry = { count: 0, done: this.connection.invoke(membership.join, membership.id).then(() => undefined) };
      this.joins.set(membership.key, entry);
      entry.done.catch(() => this.joins.delete(membership.key));
    }
    entry.count++;
    try {
      await entry.done;
    } catch (error) {
      throw refusal(error, membership);
    }
  }

  leave(membership: Membership): void {
    const entry = this.joins.get(membership.key);
    if (!entry || --entry.count > 0) return;
    this.joins.delete(membership.key);
    if (!this.closed) this.connection.invoke(membership.leave, membership.id).catch(() => undefined);
  }

  close(error: unknown): void {
    if (!this.closed) {
      this.closed = true;
      this.connection.stop().catch(() => undefined);
    }
    for (const watcher of this.watchers) watcher.queue.fail(error);
  }

  private deliver(status: VersionedStatus): void {
    if (!this.latest.offer(status)) return;
    for (const watcher of this.watchers) {
      if (watcher.uploadId === undefined ? status.projectId === watcher.membership.id : watcher.uploadId === status.uploadId) {
        watcher.queue.push(status);
      }
    }
  }

  /** After an automatic reconnect: the old connection's joins are gone on the server, so each is made again. */
  private rejoin(): void {
    for (const [key, entry] of this.joins) {
      const membership = [...this.watchers].find((watcher) => watcher.membership.key === key)?.membership;
      if (!membership) continue;
      entry.done = this.connection.invoke(membership.join, membership.id).then(() => undefined);
      entry.done.then(() => this.forWatchers(key, (watcher) => watcher.onState?.(true)), (error: unknown) => {
        this.joins.delete(key);
        this.failWatchers(key, refusal(error, membership));
      });
    }
  }

  private failWatchers(key: string, error: unknown): void {
    this.forWatchers(key, (watcher) => watcher.queue.fail(error));
  }

  private forWatchers(key: string, action: (watcher: Watcher) => void): void {
    for (const watcher of this.watchers) {
      if (watcher.membership.key === key) action(watcher);
    }
  }
}

/** The hub's refusal as a typed error carrying the code the event stream would have answered. */
function refusal(error: unknown, membership: Membership): BuildPeerError {
  const message = error instanceof Error ? error.message : String(error);
  const code = /HubException: ([a-z_]+):/.exec(message)?.[1] ?? 'network_error';
  return new BuildPeerError(code, `The hub refused ${membership.join}(${membership.id}): ${message}`, 0, undefined, undefined, { cause: error });
}
