import type { StatusUpdate } from '../status.js';

/** A status as the hub sends it: the event stream's body, with the upload's change counter. */
export type VersionedStatus = StatusUpdate & { version?: number | string };

/** The status's change counter, or undefined when it has none (a poll's answer). */
export function versionOf(status: VersionedStatus): number | undefined {
  const version = Number(status.version ?? NaN);
  return Number.isFinite(version) ? version : undefined;
}

/**
 * The newest status seen per upload on one connection. The hub may send a change twice (`upload:status`, then
 * `upload:completed` for the same change) and sends the current state again on every join; the highest `version`
 * wins. A watcher that starts after its upload's change arrived (a project joined for an earlier upload) finds it here.
 */
export class LatestStatuses {
  private readonly latest = new Map<string, { version: number; status: VersionedStatus }>();

  /** Keeps `status` and returns true when it is newer than what is known of its upload. */
  offer(status: VersionedStatus): boolean {
    const version = versionOf(status);
    const known = this.latest.get(status.uploadId);
    // Without a counter nothing can be ordered: such a status is always passed on.
    if (version !== undefined && known && version <= known.version) return false;
    this.latest.set(status.uploadId, { version: version ?? -Infinity, status });
    return true;
  }

  of(uploadId: string): VersionedStatus | undefined {
    return this.latest.get(uploadId)?.status;
  }

  /** The newest status of each upload of the project seen so far. */
  ofProject(projectId: string): VersionedStatus[] {
    return [...this.latest.values()].map((each) => each.status).filter((status) => status.projectId === projectId);
  }
}
