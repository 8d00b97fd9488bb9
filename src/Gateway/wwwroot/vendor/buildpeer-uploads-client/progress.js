// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/**
 * Counts bytes per part and reports only forward moves: a part that is retried starts its in-flight count again,
 * but what was shown never shrinks, and a phase never goes back.
 */
export class ProgressTracker {
    listener;
    acknowledged = new Map();
    inFlight = new Map();
    phases = ['checksumming', 'initiating', 'uploading', 'completing', 'processing', 'done'];
    shown;
    started = false;
    constructor(totalBytes, listener) {
        this.listener = listener;
        this.shown = { phase: 'checksumming', uploadId: undefined, bytesAcknowledged: 0, bytesSent: 0, totalBytes, status: undefined };
    }
    get current() {
        return { ...this.shown };
    }
    phase(phase, uploadId, status) {
        const next = this.phases.indexOf(phase) > this.phases.indexOf(this.shown.phase) ? phase : this.shown.phase;
        this.publish({ ...this.shown, phase: next, uploadId: uploadId ?? this.shown.uploadId, status: status ?? this.shown.status });
    }
    /** Part `partNumber` (1 for a single PUT) has sent `bytes` of its current attempt. */
    sending(partNumber, bytes) {
        this.inFlight.set(partNumber, bytes);
        this.recount();
    }
    /** Storage acknowledged part `partNumber` of `bytes` bytes (also on resume, for parts stored earlier). */
    acknowledge(partNumber, bytes) {
        this.inFlight.delete(partNumber);
        this.acknowledged.set(partNumber, bytes);
        this.recount();
    }
    recount() {
        let acknowledged = 0;
        for (const bytes of this.acknowledged.values())
            acknowledged += bytes;
        let sent = acknowledged;
        for (const bytes of this.inFlight.values())
            sent += bytes;
        const total = this.shown.totalBytes;
        this.publish({
            ...this.shown,
            bytesAcknowledged: Math.max(this.shown.bytesAcknowledged, Math.min(acknowledged, total)),
            bytesSent: Math.max(this.shown.bytesSent, Math.min(sent, total)),
        });
    }
    publish(next) {
        const before = this.shown;
        this.shown = next;
        const first = !this.started;
        this.started = true;
        if (first || before.phase !== next.phase || before.bytesAcknowledged !== next.bytesAcknowledged
            || before.bytesSent !== next.bytesSent || before.status !== next.status || before.uploadId !== next.uploadId) {
            this.listener?.({ ...next });
        }
    }
}
