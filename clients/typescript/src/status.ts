import type { GatewayApi } from './gateway.js';
import type { VersionedStatus } from './hub/latest-statuses.js';
import { sleep } from './retry.js';
import { readEvents } from './sse.js';
import { TERMINAL_STATUSES } from './types.js';

/** One upload's status as push or polling delivers it. */
export interface StatusUpdate {
  uploadId: string;
  /** The upload's project (pushed statuses carry it; a poll's answer does not). */
  projectId?: string;
  status: string;
  thumbnailUrl?: string | null;
  downloadUrl?: string | null;
  processedAt?: string | null;
  errorCode?: string | null;
  error?: string | null;
}

/** What else is known of the upload being watched. */
export interface WatchContext {
  /** The upload's project (the hub transport may join it rather than the upload). */
  projectId?: string;
}

/**
 * A way to learn an upload's changes: yields its current status first, then every change, and ends (or throws)
 * when it can go no further. The SSE stream is one, the SignalR hub ({@link HubTransport}) another, plugged in
 * through `UploadClientOptions.statusTransports` without changing the engine.
 */
export interface StatusTransport {
  readonly name: string;
  watch(uploadId: string, signal: AbortSignal, context?: WatchContext): AsyncIterable<StatusUpdate>;
}

/** `GET /api/uploads/{id}/events`, read from fetch's body. */
export class ServerSentEventsTransport implements StatusTransport {
  readonly name = 'sse';

  constructor(private readonly gateway: GatewayApi) {}

  async *watch(uploadId: string, signal: AbortSignal): AsyncIterable<StatusUpdate> {
    const response = await this.gateway.open(`api/uploads/${uploadId}/events`, signal);
    if (response.body) yield* readStatusEvents(response.body);
  }
}

/** The `status` messages of an event stream (the push contract's body), parsed; a malformed one is skipped. */
export async function* readStatusEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<VersionedStatus> {
  for await (const message of readEvents(body)) {
    if (message.event !== 'status') continue;
    let status: VersionedStatus;
    try {
      status = JSON.parse(message.data) as VersionedStatus;
    } catch {
      continue;
    }
    yield status;
  }
}

/** `GET /api/uploads/{id}/status` every `intervalMs`: the fallback that works through any proxy. */
export class PollingTransport implements StatusTransport {
  readonly name = 'polling';

  constructor(private readonly gateway: GatewayApi, private readonly intervalMs = 2000) {}

  async *watch(uploadId: string, signal: AbortSignal): AsyncIterable<StatusUpdate> {
    while (true) {
      yield await this.gateway.status(uploadId, signal);
      await sleep(this.intervalMs, signal);
    }
  }
}

/**
 * Waits for a terminal status, trying each transport in turn: when one fails or ends early (a proxy cutting the
 * stream, a gateway without push) the next takes over, and the last (polling) runs until the end.
 */
export async function waitForTerminal(
  uploadId: string, transports: readonly StatusTransport[], signal: AbortSignal, onUpdate?: (update: StatusUpdate) => void,
  context?: WatchContext,
): Promise<StatusUpdate> {
  let lastError: unknown;
  for (const transport of transports) {
    const stop = new AbortController();
    const relay = () => stop.abort(signal.reason);
    signal.addEventListener('abort', relay, { once: true });
    try {
      for await (const update of transport.watch(uploadId, stop.signal, context)) {
        onUpdate?.(update);
        if (TERMINAL_STATUSES.has(update.status)) return update;
      }
    } catch (error) {
      if (signal.aborted) throw error;
      lastError = error;
    } finally {
      signal.removeEventListener('abort', relay);
      stop.abort();
    }
  }
  throw lastError ?? new Error(`No transport could follow upload ${uploadId}.`);
}
