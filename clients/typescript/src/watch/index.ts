export { UploadWatch, type UploadWatchOptions, type WatchMode } from './upload-watch.js';
export type { PushVia } from './project-feed.js';
