// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
import { AsyncQueue } from './async-queue.js';
import { HubSession, membershipOf } from './hub-session.js';
/** The gateway's SignalR hub, relative to its base URL. */
export const HUB_PATH = 'hubs/uploads';
/**
 * Upload results over the gateway's SignalR hub (`/hubs/uploads`): one connection for every upload being watched,
 * opened on the first and stopped after the last, since a connection counts against the caller's stream limit.
 * Yields the upload's current status (sent on join), then each change. When the hub cannot be reached, refuses the
 * join or drops the connection, the watch fails and the next transport (the event stream, then polling) takes over.
 */
export class HubTransport {
    gateway;
    options;
    name = 'hub';
    session;
    constructor(gateway, options) {
        this.gateway = gateway;
        this.options = options;
    }
    async *watch(uploadId, signal, context = {}) {
        const session = this.current();
        const watcher = {
            uploadId,
            membership: membershipOf(uploadId, this.options.joinProject ? context.projectId : undefined),
            queue: new AsyncQueue(),
        };
        // Listening before joining: the current state the hub sends on a join may come before invoke() resolves.
        session.add(watcher);
        let joined = false;
        try {
            await session.started;
            await session.join(watcher.membership);
            joined = true;
            yield* watcher.queue.read(signal);
        }
        finally {
            session.remove(watcher);
            if (joined)
                session.leave(watcher.membership);
            if (session.idle)
                this.stop(session);
        }
    }
    current() {
        if (!this.session || this.session.closed) {
            // A browser cannot put headers on a WebSocket: the tenant goes in the query string, the token as access_token.
            const url = this.gateway.urlOf(`${HUB_PATH}?tenant=${encodeURIComponent(this.gateway.tenantId)}`);
            this.session = new HubSession(this.options.connection()
                .withUrl(url, { accessTokenFactory: () => this.gateway.token() })
                .build());
        }
        return this.session;
    }
    stop(session) {
        if (this.session === session)
            this.session = undefined;
        session.close(new Error('The hub transport stopped.'));
    }
}
