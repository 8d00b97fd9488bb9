// Live status of the uploads the page follows: pushed by the gateway's SignalR hub (/hubs/uploads, one WebSocket for
// every project) or, where the hub cannot be had, by the project's event stream (PUSH-CONTRACT:
// GET /api/projects/{id}/events, text/event-stream); polled from GET /api/uploads/{id}/status whenever neither is
// connected (an older gateway without them, a proxy that cut them, a network blip).

import { backoff, delay } from './api.js';
import { HubFeed } from './hub.js';
import { readEvents } from './vendor/buildpeer-uploads-client/index.js';

const POLL_MS = 2000;
// Pushed or not, an upload the server has not spoken of for this long is asked about: a lost event must not leave it
// "processing" on the screen for ever.
const STALE_MS = 30000;
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'QUARANTINED', 'EXPIRED', 'ABORTED']);
const RANK = { PENDING: 0, UPLOADED: 1, PROCESSING: 2 };

export function isTerminal(status) {
  return TERMINAL.has(status);
}

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
    this.hub = HubFeed.available
      ? new HubFeed(api, (status) => this.deliver(status, true), (projectId) => this.hubLost(projectId), () => this.hubChanged())
      : null;
    this.followed = new Map(); // uploadId -> { projectId, version, rank, poll }
    this.streams = new Map(); // projectId -> { controller, connected, via: 'hub' | 'sse' }
    this.pollTimer = 0;
    this.pollDelay = 0;
    this.polling = false;
    this.mode = '';
    this.transport = '';
  }

  /** Follows an upload from now on; its project's stream opens if it is not open yet. */
  follow(uploadId, projectId) {
    if (!this.followed.has(uploadId)) {
      this.followed.set(uploadId, { projectId, version: -1, rank: -1, poll: false, seen: Date.now() });
    }
    if (!this.streams.has(projectId)) this.openStream(projectId);
    this.update();
  }

  /** The bytes are in storage: from now on the status changes on the server, so poll it while no stream is up. */
  expectChanges(uploadId) {
    const entry = this.followed.get(uploadId);
    if (entry) {
      entry.poll = true;
      entry.seen = Date.now();
    }
    this.update();
  }

  unfollow(uploadId) {
    const entry = this.followed.get(uploadId);
    if (!entry) return;
    this.followed.delete(uploadId);
    if (![...this.followed.values()].some((other) => other.projectId === entry.projectId)) {
      const stream = this.streams.get(entry.projectId);
      stream?.controller.abort();
      if (stream?.via === 'hub') this.hub.leave(entry.projectId);
      this.streams.delete(entry.projectId);
    }
    this.update();
  }

  /** Stops everything (sign-out). */
  close() {
    for (const stream of this.streams.values()) stream.controller.abort();
    this.hub?.stop();
    this.streams.clear();
    this.followed.clear();
    this.update();
  }

  deliver(status, pushed) {
    const entry = this.followed.get(status.uploadId);
    if (!entry) return; // someone else's upload in the same project
    entry.seen = Date.now();
    const rank = TERMINAL.has(status.status) ? 3 : RANK[status.status] ?? 0;
    if (pushed && typeof status.version === 'number') {
      // The contract: versions grow with every change; a repeat after a reconnect is older or equal.
      if (status.version <= entry.version) return;
      entry.version = status.version;
    } else if (rank < entry.rank) {
      return; // a poll answered by a cache that has not seen the latest change yet
    }
    if (rank === entry.rank && !TERMINAL.has(status.status) && !pushed) return;
    entry.rank = rank;
    if (TERMINAL.has(status.status)) this.unfollow(status.uploadId);
    this.onStatus(status);
  }

  async openStream(projectId) {
    const stream = { controller: new AbortController(), connected: false, via: 'hub' };
    this.streams.set(projectId, stream);
    if (this.hub && (await this.hub.join(projectId))) {
      if (stream.controller.signal.aborted) this.hub.leave(projectId); // unfollowed while joining
      stream.connected = this.hub.connected;
      this.update();
      return;
    }
    this.readEventStream(projectId, stream);
  }

  /** The hub's connection went or came back; once it has given up, its projects move to event streams. */
  hubChanged() {
    for (const [projectId, stream] of this.streams) {
      if (stream.via !== 'hub') continue;
      stream.connected = this.hub.connected && this.hub.joined.has(projectId);
      if (this.hub.failed) this.readEventStream(projectId, stream);
    }
    this.update();
  }

  /** No longer allowed to follow the project: polling takes over, and tells which uploads are out of sight. */
  hubLost(projectId) {
    const stream = this.streams.get(projectId);
    if (stream?.via === 'hub') stream.connected = false;
    this.update();
  }

  async readEventStream(projectId, stream) {
    stream.via = 'sse';
    stream.connected = false;
    const { signal } = stream.controller;
    for (let failures = 0; !signal.aborted; failures++) {
      let missing = false;
      try {
        const response = await fetch(`/api/projects/${encodeURIComponent(projectId)}/events`, {
          headers: this.api.headers({ Accept: 'text/event-stream' }),
          cache: 'no-store',
          signal,
        });
        const type = response.headers.get('Content-Type') || '';
        if (!response.ok || !type.startsWith('text/event-stream')) {
          // 404 "not_found" is a gateway without the endpoint: keep polling, look again now and then.
          missing = response.status === 404 || response.status === 405;
          response.body?.cancel();
        } else {
          stream.connected = true;
          failures = 0;
          this.update();
          for await (const message of readEvents(response.body)) {
            if (message.event !== 'status') continue;
            try {
              this.deliver(JSON.parse(message.data), true);
            } catch {
              // a malformed message is skipped, the stream goes on
            }
          }
        }
      } catch (error) {
        if (signal.aborted || error.name === 'AbortError') break;
      } finally {
        stream.connected = false;
        this.update();
      }
      try {
        await delay(missing ? 60000 : 1000 + backoff(failures, 1000, 30000), signal);
      } catch {
        break;
      }
    }
  }

  /** Polls often while some upload waits for the server without a connected stream, seldom while pushed. */
  update() {
    const waiting = [...this.followed.values()].filter((entry) => entry.poll);
    const unpushed = waiting.filter((entry) => !this.streams.get(entry.projectId)?.connected);
    const connected = [...this.streams.values()].filter((stream) => stream.connected);
    const mode = unpushed.length > 0 ? 'polling' : connected.length > 0 ? 'push' : 'idle';
    const transport = mode === 'push' ? (connected.some((stream) => stream.via === 'hub') ? 'hub' : 'sse') : '';
    if (mode !== this.mode || transport !== this.transport) {
      this.mode = mode;
      this.transport = transport;
      this.onMode(mode, transport);
    }
    const delay = unpushed.length > 0 ? POLL_MS : STALE_MS / 2;
    if (this.pollTimer && delay < this.pollDelay) {
      clearTimeout(this.pollTimer); // the stream went away: do not wait out the slow round
      this.pollTimer = 0;
    }
    if (waiting.length > 0 && !this.pollTimer && !this.polling) {
      this.pollDelay = delay;
      this.pollTimer = setTimeout(() => this.poll(), delay);
    }
  }

  async poll() {
    this.pollTimer = 0;
    this.polling = true;
    const now = Date.now();
    const due = [...this.followed.entries()]
      .filter(([, entry]) => entry.poll && (!this.streams.get(entry.projectId)?.connected || now - entry.seen > STALE_MS))
      .map(([uploadId]) => uploadId);
    await Promise.all(due.map(async (uploadId) => {
      try {
        this.deliver(await this.api.status(uploadId), false);
      } catch (error) {
        // transient: the next round asks again; an upload that is gone for good is reported as such
        if (error.status === 404) {
          this.deliver({ uploadId, status: 'FAILED', errorCode: error.code, error: 'The upload is no longer visible to you.' }, false);
        }
      }
    }));
    this.polling = false;
    this.update();
  }
}
