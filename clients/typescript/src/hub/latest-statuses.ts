import type { StatusUpdate } from '../status.js';

/** A status as the hub sends it: the event stream's body, with the upload's change counter. */
export type VersionedStatus = StatusUpdate & { version?: number | string };

/**
 * The newest status seen per upload on one connection. The hub may send a change twice (`upload:status`, then
 * `upload:completed` for the same change) and sends the current state again on every join; the highest `version`
 * wins. A watcher that starts after its upload's change arrived (a project joined for an earlier upload) finds it here.
 */
export class LatestStatuses {
  private readonly latest = new Map<string, { version: number; status: VersionedStatus }>();

  /** Keeps `status` and returns true when it is newer than what is known of its upload. */
  offer(status: VersionedStatus): boolean {
    const version = Number(status.version);
    const known = this.latest.get(status.uploadId);
    // Without a counter nothing can be ordered: such a status is always passed on.
    if (Number.isFinite(version) && known && version <= known.version) return false;
    this.latest.set(status.uploadId, { version: Number.isFinite(version) ? version : -Infinity, status });
    return true;
  }

  of(uploadId: string): VersionedStatus | undefined {
    return this.latest.get(uploadId)?.status;
  }
}
