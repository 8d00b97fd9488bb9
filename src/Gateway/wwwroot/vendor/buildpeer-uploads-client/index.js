// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
export { UploadClient } from './uploader.js';
export { AccessLostError, BuildPeerError, ProblemError, StorageError, UploadEndedError, } from './errors.js';
export { GatewayApi } from './gateway.js';
export { RetryPolicy, classifyStorageAnswer, isTransient, sleep } from './retry.js';
export { systemClock } from './clock.js';
export { planParts } from './parts.js';
export { ProgressTracker } from './progress.js';
export { MemoryStateStore } from './resume.js';
export { fromBlob, contentTypeOf, sha256Base64 } from './source.js';
export { readEvents } from './sse.js';
export { PollingTransport, ServerSentEventsTransport, readStatusEvents, waitForTerminal, } from './status.js';
export * from './hub/index.js';
export * from './watch/index.js';
export { TERMINAL_STATUSES, statusRank } from './types.js';
