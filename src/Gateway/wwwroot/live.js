// Live status of the uploads the page follows: pushed by the gateway's project event stream (PUSH-CONTRACT:
// GET /api/projects/{id}/events, text/event-stream), polled from GET /api/uploads/{id}/status whenever no stream is
// connected (an older gateway without the endpoint, a proxy that cut it, a network blip).

import { backoff, delay } from './api.js';
import { readEvents } from './sse.js';

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
   * @param {(mode: string) => void} onMode      'push', 'polling' or 'idle', for the page to show
   */
  constructor(api, onStatus, onMode) {
    this.api = api;
    this.onStatus = onStatus;
    this.onMode = onMode;
    this.followed = new Map(); // uploadId -> { projectId, version, rank, poll }
    this.streams = new Map(); // projectId -> { controller, connected }
    this.pollTimer = 0;
    this.pollDelay = 0;
    this.polling = false;
    this.mode = '';
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
      this.streams.get(entry.projectId)?.controller.abort();
      this.streams.delete(entry.projectId);
    }
    this.update();
  }

  /** Stops everything (sign-out). */
  close() {
    for (const stream of this.streams.values()) stream.controller.abort();
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
    const stream = { controller: new AbortController(), connected: false };
    this.streams.set(projectId, stream);
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
    const connected = [...this.streams.values()].some((stream) => stream.connected);
    const mode = unpushed.length > 0 ? 'polling' : connected ? 'push' : 'idle';
    if (mode !== this.mode) {
      this.mode = mode;
      this.onMode(mode);
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
