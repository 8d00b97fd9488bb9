// Browser-only helpers: a resume store that survives a reload.
export { IndexedDbStateStore, type IndexedDbStateStoreOptions } from './indexeddb-store.js';
export { DEFAULT_MAX_AGE_MS } from './stored-record.js';
