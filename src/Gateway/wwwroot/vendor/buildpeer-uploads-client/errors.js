// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
/** Any failure of the SDK: `code` is one of the gateway's stable RFC 9457 codes or a {@link ClientErrorCode}. */
export class BuildPeerError extends Error {
    code;
    /** The HTTP status of the answer that failed, 0 when there was none. */
    status;
    /** The gateway's problem document, when the gateway refused. */
    problem;
    /** Seconds the gateway asked to wait before trying again (`Retry-After`). */
    retryAfterSeconds;
    constructor(code, message, status = 0, problem, retryAfterSeconds, options) {
        super(message, options);
        this.name = 'BuildPeerError';
        this.code = code;
        this.status = status;
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
/** The gateway refused: the problem's `code` says why (for example `file_type_not_allowed`, `quota_bytes_exceeded`). */
export class ProblemError extends BuildPeerError {
    constructor(problem, status, retryAfterSeconds) {
        super(problem.code, problem.detail ?? problem.title, status, problem, retryAfterSeconds);
        this.name = 'ProblemError';
    }
}
/** Storage refused a PUT for good (or after every retry); `storageCode` is S3's own code, e.g. `AccessDenied`. */
export class StorageError extends BuildPeerError {
    storageCode;
    constructor(status, storageCode, message, options) {
        super(status === 0 ? 'network_error' : 'storage_refused', message, status, undefined, undefined, options);
        this.name = 'StorageError';
        this.storageCode = storageCode;
    }
}
/** The upload reached a terminal status other than COMPLETED (FAILED, QUARANTINED, EXPIRED, ABORTED). */
export class UploadEndedError extends BuildPeerError {
    uploadId;
    uploadStatus;
    constructor(uploadId, uploadStatus, errorCode, message) {
        super(errorCode ?? 'upload_ended', message ?? `The upload ended ${uploadStatus}.`);
        this.name = 'UploadEndedError';
        this.uploadId = uploadId;
        this.uploadStatus = uploadStatus;
    }
}
/**
 * The caller may no longer follow a project (or upload) it joined on the hub: removed from the project, or the
 * project is gone. `code` is what a fresh join or event stream would now be refused with (e.g. `project_not_found`).
 */
export class AccessLostError extends BuildPeerError {
    projectId;
    uploadId;
    constructor(code, projectId, uploadId) {
        super(code, `Access lost to ${uploadId ? `upload ${uploadId}` : `project ${projectId}`}: ${code}.`);
        this.name = 'AccessLostError';
        this.projectId = projectId;
        this.uploadId = uploadId;
    }
}
