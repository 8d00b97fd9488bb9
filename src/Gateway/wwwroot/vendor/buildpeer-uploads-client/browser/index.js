// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
// Browser-only helpers: a resume store that survives a reload.
export { IndexedDbStateStore } from './indexeddb-store.js';
export { DEFAULT_MAX_AGE_MS } from './stored-record.js';
