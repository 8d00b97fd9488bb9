// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
import { sleep } from './retry.js';
import { readEvents } from './sse.js';
import { TERMINAL_STATUSES } from './types.js';
/** `GET /api/uploads/{id}/events`, read from fetch's body. */
export class ServerSentEventsTransport {
    gateway;
    name = 'sse';
    constructor(gateway) {
        this.gateway = gateway;
    }
    async *watch(uploadId, signal) {
        const response = await this.gateway.open(`api/uploads/${uploadId}/events`, signal);
        if (response.body)
            yield* readStatusEvents(response.body);
    }
}
/** The `status` messages of an event stream (the push contract's body), parsed; a malformed one is skipped. */
export async function* readStatusEvents(body) {
    for await (const message of readEvents(body)) {
        if (message.event !== 'status')
            continue;
        let status;
        try {
            status = JSON.parse(message.data);
        }
        catch {
            continue;
        }
        yield status;
    }
}
/** `GET /api/uploads/{id}/status` every `intervalMs`: the fallback that works through any proxy. */
export class PollingTransport {
    gateway;
    intervalMs;
    name = 'polling';
    constructor(gateway, intervalMs = 2000) {
        this.gateway = gateway;
        this.intervalMs = intervalMs;
    }
    async *watch(uploadId, signal) {
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
export async function waitForTerminal(uploadId, transports, signal, onUpdate, context) {
    let lastError;
    for (const transport of transports) {
        const stop = new AbortController();
        const relay = () => stop.abort(signal.reason);
        signal.addEventListener('abort', relay, { once: true });
        try {
            for await (const update of transport.watch(uploadId, stop.signal, context)) {
                onUpdate?.(update);
                if (TERMINAL_STATUSES.has(update.status))
                    return update;
            }
        }
        catch (error) {
            if (signal.aborted)
                throw error;
            lastError = error;
        }
        finally {
            signal.removeEventListener('abort', relay);
            stop.abort();
        }
    }
    throw lastError ?? new Error(`No transport could follow upload ${uploadId}.`);
}
