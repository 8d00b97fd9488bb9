// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/** The statuses after which an upload never changes again. */
export const TERMINAL_STATUSES = new Set(['COMPLETED', 'FAILED', 'QUARANTINED', 'EXPIRED', 'ABORTED']);
