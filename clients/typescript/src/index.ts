export { UploadClient, type UploadClientOptions, type UploadOptions, type UploadResult } from './uploader.js';
export {
  AccessLostError, BuildPeerError, ProblemError, StorageError, UploadEndedError, type ClientErrorCode,
} from './errors.js';
export { GatewayApi, type GatewayOptions } from './gateway.js';
export { RetryPolicy, classifyStorageAnswer, isTransient, sleep, type RetryOptions, type Verdict } from './retry.js';
export { systemClock, type Clock } from './clock.js';
export { planParts, type PlannedPart } from './parts.js';
export { ProgressTracker, type UploadPhase, type UploadProgress } from './progress.js';
export { MemoryStateStore, type ResumeRecord, type UploadStateStore } from './resume.js';
export { fromBlob, contentTypeOf, sha256Base64, type UploadSource } from './source.js';
export { readEvents, type ServerSentEvent } from './sse.js';
export {
  PollingTransport, ServerSentEventsTransport, readStatusEvents, waitForTerminal, type StatusTransport, type StatusUpdate, type WatchContext,
} from './status.js';
export * from './hub/index.js';
export * from './watch/index.js';
export { TERMINAL_STATUSES, statusRank } from './types.js';
export type * from './types.js';
export type { components, paths, operations } from './generated/api.js';
