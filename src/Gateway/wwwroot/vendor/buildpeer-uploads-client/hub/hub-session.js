// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
import { AccessLostError, BuildPeerError } from '../errors.js';
import { AsyncQueue } from './async-queue.js';
import { LatestStatuses } from './latest-statuses.js';
export function membershipOf(uploadId, projectId) {
    return projectId ? projectMembership(projectId) : { key: `upload:${uploadId}`, join: 'JoinUpload', leave: 'LeaveUpload', id: uploadId };
}
export function projectMembership(projectId) {
    return { key: `project:${projectId}`, join: 'JoinProject', leave: 'LeaveProject', id: projectId };
}
/** The hub's client events this session listens to: every change, and again under its own name for how it ended. */
const STATUS_EVENTS = ['upload:status', 'upload:completed', 'upload:failed', 'upload:quarantined'];
/**
 * One hub connection shared by every upload being watched: joins are counted so a project joined for two uploads
 * is joined once and left when the last of them ends. A closed connection fails every watcher (its transport then
 * gives way to the next one); a refused or lost join fails the watchers of that join alone.
 */
export class HubSession {
    connection;
    started;
    closed = false;
    watchers = new Set();
    joins = new Map();
    latest = new LatestStatuses();
    constructor(connection) {
        this.connection = connection;
        for (const name of STATUS_EVENTS)
            connection.on(name, (status) => this.deliver(status));
        connection.on('upload:access-lost', (lost) => {
            const key = lost.uploadId ? `upload:${lost.uploadId}` : `project:${lost.projectId}`;
            this.joins.delete(key);
            this.failWatchers(key, new AccessLostError(lost.code ?? 'access_lost', lost.projectId, lost.uploadId ?? undefined));
        });
        connection.onclose((error) => this.close(error ?? new BuildPeerError('network_error', 'The hub connection closed.')));
        connection.onreconnecting?.(() => this.watchers.forEach((watcher) => watcher.onState?.(false)));
        connection.onreconnected?.(() => this.rejoin());
        this.started = connection.start();
        this.started.catch((error) => this.close(error));
    }
    get idle() {
        return this.watchers.size === 0;
    }
    /** Adds a watcher; it first gets the newest status of its upload (or project) this connection has seen, if any. */
    add(watcher) {
        this.watchers.add(watcher);
        const known = watcher.uploadId === undefined
            ? this.latest.ofProject(watcher.membership.id)
            : [this.latest.of(watcher.uploadId)].filter((status) => status !== undefined);
        for (const status of known)
            watcher.queue.push(status);
    }
    remove(watcher) {
        this.watchers.delete(watcher);
    }
    /** Joins once per membership, however many watchers share it; a refusal reads "…HubException: <code>: <title>". */
    async join(membership) {
        let entry = this.joins.get(membership.key);
        if (!entry) {
            entry = { count: 0, done: this.connection.invoke(membership.join, membership.id).then(() => undefined) };
            this.joins.set(membership.key, entry);
            entry.done.catch(() => this.joins.delete(membership.key));
        }
        entry.count++;
        try {
            await entry.done;
        }
        catch (error) {
            throw refusal(error, membership);
        }
    }
    leave(membership) {
        const entry = this.joins.get(membership.key);
        if (!entry || --entry.count > 0)
            return;
        this.joins.delete(membership.key);
        if (!this.closed)
            this.connection.invoke(membership.leave, membership.id).catch(() => undefined);
    }
    close(error) {
        if (!this.closed) {
            this.closed = true;
            this.connection.stop().catch(() => undefined);
        }
        for (const watcher of this.watchers)
            watcher.queue.fail(error);
    }
    deliver(status) {
        if (!this.latest.offer(status))
            return;
        for (const watcher of this.watchers) {
            if (watcher.uploadId === undefined ? status.projectId === watcher.membership.id : watcher.uploadId === status.uploadId) {
                watcher.queue.push(status);
            }
        }
    }
    /** After an automatic reconnect: the old connection's joins are gone on the server, so each is made again. */
    rejoin() {
        for (const [key, entry] of this.joins) {
            const membership = [...this.watchers].find((watcher) => watcher.membership.key === key)?.membership;
            if (!membership)
                continue;
            entry.done = this.connection.invoke(membership.join, membership.id).then(() => undefined);
            entry.done.then(() => this.forWatchers(key, (watcher) => watcher.onState?.(true)), (error) => {
                this.joins.delete(key);
                this.failWatchers(key, refusal(error, membership));
            });
        }
    }
    failWatchers(key, error) {
        this.forWatchers(key, (watcher) => watcher.queue.fail(error));
    }
    forWatchers(key, action) {
        for (const watcher of this.watchers) {
            if (watcher.membership.key === key)
                action(watcher);
        }
    }
}
/** The hub's refusal as a typed error carrying the code the event stream would have answered. */
function refusal(error, membership) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /HubException: ([a-z_]+):/.exec(message)?.[1] ?? 'network_error';
    return new BuildPeerError(code, `The hub refused ${membership.join}(${membership.id}): ${message}`, 0, undefined, undefined, { cause: error });
}
