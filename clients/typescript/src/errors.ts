import type { Problem, ProblemCode } from './types.js';

/**
 * Codes the SDK raises itself, besides the gateway's stable problem codes: storage refusing a PUT for good, a
 * request that got no answer, an upload that ended badly while the SDK waited for its result.
 */
export type ClientErrorCode = 'storage_refused' | 'network_error' | 'upload_ended' | 'unexpected_response';

/** Any failure of the SDK: `code` is one of the gateway's stable RFC 9457 codes or a {@link ClientErrorCode}. */
export class BuildPeerError extends Error {
  readonly code: ProblemCode | ClientErrorCode | (string & {});
  /** The HTTP status of the answer that failed, 0 when there was none. */
  readonly status: number;
  /** The gateway's problem document, when the gateway refused. */
  readonly problem: Problem | undefined;
  /** Seconds the gateway asked to wait before trying again (`Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: string, message: string, status = 0, problem?: Problem, retryAfterSeconds?: number, options?: ErrorOptions) {
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
  constructor(problem: Problem, status: number, retryAfterSeconds?: number) {
    super(problem.code, problem.detail ?? problem.title, status, problem, retryAfterSeconds);
    this.name = 'ProblemError';
  }
}

/** Storage refused a PUT for good (or after every retry); `storageCode` is S3's own code, e.g. `AccessDenied`. */
export class StorageError extends BuildPeerError {
  readonly storageCode: string | undefined;

  constructor(status: number, storageCode: string | undefined, message: string, options?: ErrorOptions) {
    super(status === 0 ? 'network_error' : 'storage_refused', message, status, undefined, undefined, options);
    this.name = 'StorageError';
    this.storageCode = storageCode;
  }
}

/** The upload reached a terminal status other than COMPLETED (FAILED, QUARANTINED, EXPIRED, ABORTED). */
export class UploadEndedError extends BuildPeerError {
  readonly uploadId: string;
  readonly uploadStatus: string;

  constructor(uploadId: string, uploadStatus: string, errorCode: string | null | undefined, message: string | null | undefined) {
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
  readonly projectId: string | undefined;
  readonly uploadId: string | undefined;

  constructor(code: string, projectId: string | undefined, uploadId: string | undefined) {
    super(code, `Access lost to ${uploadId ? `upload ${uploadId}` : `project ${projectId}`}: ${code}.`);
    this.name = 'AccessLostError';
    this.projectId = projectId;
    this.uploadId = uploadId;
  }
}
