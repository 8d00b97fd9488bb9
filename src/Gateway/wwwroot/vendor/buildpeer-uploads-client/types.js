// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/** The statuses after which an upload never changes again. */
export const TERMINAL_STATUSES = new Set(['COMPLETED', 'FAILED', 'QUARANTINED', 'EXPIRED', 'ABORTED']);
const RANKS = { PENDING: 0, UPLOADED: 1, PROCESSING: 2 };
/**
 * Where a status stands in an upload's life: PENDING < UPLOADED < PROCESSING < any terminal status. An upload never
 * moves back, so an answer of lower rank than one already seen is stale (a cache, a replica behind).
 */
export function statusRank(status) {
    return TERMINAL_STATUSES.has(status) ? 3 : RANKS[status] ?? 0;
}
