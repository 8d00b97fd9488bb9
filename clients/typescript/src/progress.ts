/** Where one upload is, from the SDK's side; the server's own status arrives apart, in `status`. */
export type UploadPhase = 'checksumming' | 'initiating' | 'uploading' | 'completing' | 'processing' | 'done';

export interface UploadProgress {
  phase: UploadPhase;
  uploadId: string | undefined;
  /** Bytes storage acknowledged (whole parts, or the whole file): never goes backwards. */
  bytesAcknowledged: number;
  /** Bytes on their way, including unacknowledged attempts: a finer figure for a progress bar, also monotonic. */
  bytesSent: number;
  totalBytes: number;
  /** The server's status once known (PENDING, UPLOADED, PROCESSING, COMPLETED, ...). */
  status: string | undefined;
}

/**
 * Counts bytes per part and reports only forward moves: a part that is retried starts its in-flight count again,
 * but what was shown never shrinks, and a phase never goes back.
 */
export class ProgressTracker {
  private readonly acknowledged = new Map<number, number>();
  private readonly inFlight = new Map<number, number>();
  private readonly phases: UploadPhase[] = ['checksumming', 'initiating', 'uploading', 'completing', 'processing', 'done'];
  private shown: UploadProgress;
  private started = false;

  constructor(totalBytes: number, private readonly listener?: (progress: UploadProgress) => void) {
    this.shown = { phase: 'checksumming', uploadId: undefined, bytesAcknowledged: 0, bytesSent: 0, totalBytes, status: undefined };
  }

  get current(): UploadProgress {
    return { ...this.shown };
  }

  phase(phase: UploadPhase, uploadId?: string, status?: string): void {
    const next = this.phases.indexOf(phase) > this.phases.indexOf(this.shown.phase) ? phase : this.shown.phase;
    this.publish({ ...this.shown, phase: next, uploadId: uploadId ?? this.shown.uploadId, status: status ?? this.shown.status });
  }

  /** Part `partNumber` (1 for a single PUT) has sent `bytes` of its current attempt. */
  sending(partNumber: number, bytes: number): void {
    this.inFlight.set(partNumber, bytes);
    this.recount();
  }

  /** Storage acknowledged part `partNumber` of `bytes` bytes (also on resume, for parts stored earlier). */
  acknowledge(partNumber: number, bytes: number): void {
    this.inFlight.delete(partNumber);
    this.acknowledged.set(partNumber, bytes);
    this.recount();
  }

  private recount(): void {
    let acknowledged = 0;
    for (const bytes of this.acknowledged.values()) acknowledged += bytes;
    let sent = acknowledged;
    for (const bytes of this.inFlight.values()) sent += bytes;
    const total = this.shown.totalBytes;
    this.publish({
      ...this.shown,
      bytesAcknowledged: Math.max(this.shown.bytesAcknowledged, Math.min(acknowledged, total)),
      bytesSent: Math.max(this.shown.bytesSent, Math.min(sent, total)),
    });
  }

  private publish(next: UploadProgress): void {
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
