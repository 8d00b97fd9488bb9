// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/**
 * The newest status seen per upload on one connection. The hub may send a change twice (`upload:status`, then
 * `upload:completed` for the same change) and sends the current state again on every join; the highest `version`
 * wins. A watcher that starts after its upload's change arrived (a project joined for an earlier upload) finds it here.
 */
export class LatestStatuses {
    latest = new Map();
    /** Keeps `status` and returns true when it is newer than what is known of its upload. */
    offer(status) {
        const version = Number(status.version);
        const known = this.latest.get(status.uploadId);
        // Without a counter nothing can be ordered: such a status is always passed on.
        if (Number.isFinite(version) && known && version <= known.version)
            return false;
        this.latest.set(status.uploadId, { version: Number.isFinite(version) ? version : -Infinity, status });
        return true;
    }
    of(uploadId) {
        return this.latest.get(uploadId)?.status;
    }
}
