// Node-only helpers: files on disk as upload sources, and a resume store that survives a restart.
export { fromFile } from './file-source.js';
export { JsonFileStateStore } from './json-file-store.js';
