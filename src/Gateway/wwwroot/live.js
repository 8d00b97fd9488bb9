// Live status of the uploads the page follows, through the SDK's upload watch (vendor/buildpeer-uploads-client):
// pushed by the gateway's SignalR hub (/hubs/uploads, one WebSocket for every project; the client is
// vendor/signalr.min.js, loaded as a classic script before the modules), else by each project's event stream, and
// polled from GET /api/uploads/{id}/status while neither is connected. What is left here is the page's side: one
// watch per signed-in tenant, a refused token sent to sign-in, and an upload gone from sight shown as failed.

import { ApiError } from './api.js';
import { GatewayApi, RetryPolicy, UploadWatch } from './vendor/buildpeer-uploads-client/index.js';

export class LiveStatus {
  /**
   * @param {import('./api.js').Api} api
   * @param {(status: object) => void} onStatus  each newer state of a followed upload, in the stream's shape
   * @param {(mode: string, transport: string) => void} onMode  'push', 'polling' or 'idle', for the page to show,
   *                                                             and while pushed whether by 'hub' or 'sse'
   */
  constructor(api, onStatus, onMode) {
    this.api = api;
    this.onStatus = onStatus;
    this.onMode = onMode;
    this.watch = null;
    this.tenant = '';
  }

  /** Follows an upload from now on; its project's push opens if it is not open yet. */
  follow(uploadId, projectId) {
    this.current()?.follow(uploadId, projectId);
  }

  /** The bytes are in storage: from now on the status changes on the server, so poll it while it is not pushed. */
  expectChanges(uploadId) {
    this.watch?.expectChanges(uploadId);
  }

  unfollow(uploadId) {
    this.watch?.unfollow(uploadId);
  }

  /** Stops everything (sign-out). */
  close() {
    this.watch?.close();
    this.watch = null;
  }

  /** The signed-in tenant's watch: the hub's connection and the API calls belong to one tenant. */
  current() {
    const session = this.api.credentials();
    if (!session) return null;
    if (this.watch && this.tenant === session.tenant) return this.watch;
    this.close();
    this.tenant = session.tenant;
    const gateway = new GatewayApi({
      baseUrl: location.origin,
      tenantId: session.tenant,
      token: () => this.api.credentials()?.token ?? '',
      retry: new RetryPolicy({ maxRetries: 0 }), // a failed poll is asked again by the watch's next round
      fetch: async (url, init) => {
        // An expired token is the page's to handle (sign in again), whichever request met it.
        const response = await fetch(url, init);
        if (response.status === 401) this.api.onUnauthorized(new ApiError(401, null));
        return response;
      },
    });
    const signalR = globalThis.signalR;
    this.watch = new UploadWatch(gateway, {
      hub: typeof signalR?.HubConnectionBuilder === 'function' ? {
        connection: () => new signalR.HubConnectionBuilder().withAutomaticReconnect().configureLogging(signalR.LogLevel.None),
      } : undefined,
      onStatus: (status) => this.onStatus(status),
      onMode: (mode, via) => this.onMode(mode, via ?? ''),
      onGone: (uploadId, error) => this.onStatus({
        uploadId, status: 'FAILED', errorCode: error.code, error: 'The upload is no longer visible to you.',
      }),
    });
    return this.watch;
  }
}
