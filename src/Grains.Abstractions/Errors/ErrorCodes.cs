// The one catalogue of stable error codes. Plain constants, no Orleans: the client library compiles this same
// file into its own assembly (as BuildPeer.Client.ErrorCodes), so its users switch on the very same strings, and
// the file-processing engines, which run without Orleans, into theirs (internal, for the failure codes).
#if BUILDPEER_CLIENT
namespace BuildPeer.Client;
#elif BUILDPEER_ENGINES
namespace BuildPeer.Processing.Errors;
#else
namespace BuildPeer.Grains.Abstractions.Errors;
#endif

/// <summary>
/// Every stable, machine-readable error code of BuildPeer Uploads: the <c>code</c> of the API's problem+json
/// answers, the per-file codes of <c>files_rejected</c>, the <c>errorCode</c> of a FAILED or QUARANTINED upload,
/// and the codes the client library and the command line report themselves. Clients switch on these: never rename
/// one. docs/api.md ("Error codes") explains each with its HTTP status.
/// </summary>
#if BUILDPEER_ENGINES
internal
#else
public
#endif
static class ErrorCodes
{
    // Authentication, tenant and request shape.

    /// <summary>No bearer token was sent (401).</summary>
    public const string MissingToken = "missing_token";

    /// <summary>The bearer token is malformed, badly signed or expired (401).</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>The <c>X-Tenant-ID</c> header is missing (400).</summary>
    public const string TenantHeaderMissing = "tenant_header_missing";

    /// <summary>The token does not list the tenant named in <c>X-Tenant-ID</c> (403).</summary>
    public const string TenantForbidden = "tenant_forbidden";

    /// <summary>A tenant id is not 1-63 lowercase letters, digits and <c>-</c> (400).</summary>
    public const string TenantIdInvalid = "tenant_id_invalid";

    /// <summary>A project id is not 1-63 lowercase letters, digits and <c>-</c> (400).</summary>
    public const string ProjectIdInvalid = "project_id_invalid";

    /// <summary>Authorization refused the request for a reason without a code of its own (403).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The body or the query is missing something or malformed (400).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>No endpoint at this path (404).</summary>
    public const string NotFound = "not_found";

    /// <summary>The endpoint exists but not for this HTTP method (405).</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>The body is not JSON (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>An error status without a more specific code.</summary>
    public const string Error = "error";

    /// <summary>The <c>Idempotency-Key</c> header is not 1-255 printable ASCII characters without spaces (400).</summary>
    public const string IdempotencyKeyInvalid = "idempotency_key_invalid";

    /// <summary>The <c>Idempotency-Key</c> was already used for a different request (422).</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>Development tokens are not issued here: not in Development, or no signing key (409).</summary>
    public const string DevTokensUnavailable = "dev_tokens_unavailable";

    // Access: who may do what (see AccessPolicy).

    /// <summary>The caller's roles do not allow this action on something they may see (403).</summary>
    public const string NotPermitted = "not_permitted";

    /// <summary>The caller sees the project but their role does not allow uploads into it (403).</summary>
    public const string UploadNotPermitted = "upload_not_permitted";

    /// <summary>Only the uploader, the project's managers and tenant admins may change this upload (403).</summary>
    public const string NotUploadOwner = "not_upload_owner";

    // Projects and members.

    /// <summary>No such project, or not one the caller may see: both look the same (404).</summary>
    public const string ProjectNotFound = "project_not_found";

    /// <summary>A project with this id already exists in the tenant (409).</summary>
    public const string ProjectExists = "project_exists";

    /// <summary>A project name must be 1-200 characters (400).</summary>
    public const string InvalidProjectName = "invalid_project_name";

    /// <summary>Every project limit must be greater than zero (400).</summary>
    public const string InvalidLimits = "invalid_limits";

    /// <summary>A member's user id must be 1-256 characters (400).</summary>
    public const string InvalidUserId = "invalid_user_id";

    /// <summary>A member's email is not a plain address (400).</summary>
    public const string InvalidEmail = "invalid_email";

    /// <summary>A member's role is not VIEWER, UPLOADER or MANAGER (400).</summary>
    public const string InvalidRole = "invalid_role";

    /// <summary>The user is not a member of the project (404).</summary>
    public const string MemberNotFound = "member_not_found";

    /// <summary>A project search <c>q</c> longer than 100 characters or with control characters (400).</summary>
    public const string InvalidSearch = "invalid_search";

    // Devices registered for mobile push.

    /// <summary>A device token is not an FCM registration token: 100-4096 letters, digits, '_', ':' or '-' (400).</summary>
    public const string DeviceTokenInvalid = "device_token_invalid";

    /// <summary>A device's platform is not android, ios or web (400).</summary>
    public const string DevicePlatformInvalid = "device_platform_invalid";

    /// <summary>A device's locale is not a language tag such as es-MX (400).</summary>
    public const string DeviceLocaleInvalid = "device_locale_invalid";

    // Initiate: quota and the files of the request.

    /// <summary>The files would take the project over its total bytes (409).</summary>
    public const string QuotaBytesExceeded = "quota_bytes_exceeded";

    /// <summary>The files would take the project over its number of files (409).</summary>
    public const string QuotaFilesExceeded = "quota_files_exceeded";

    /// <summary>The project already has its maximum of uploads in flight (409).</summary>
    public const string QuotaInFlightExceeded = "quota_in_flight_exceeded";

    /// <summary>Some files were refused; <c>files[]</c> gives each one's own code. Nothing was reserved (422).</summary>
    public const string FilesRejected = "files_rejected";

    /// <summary>The request lists no files (400).</summary>
    public const string NoFiles = "no_files";

    /// <summary>The request lists more files than one initiate accepts (400).</summary>
    public const string TooManyFiles = "too_many_files";

    /// <summary>A file of the request: its size is zero.</summary>
    public const string FileEmpty = "file_empty";

    /// <summary>A file of the request: larger than the project's maximum file size.</summary>
    public const string FileTooLarge = "file_too_large";

    /// <summary>A file of the request: its name is empty, too long, or has characters not allowed.</summary>
    public const string FileNameInvalid = "file_name_invalid";

    /// <summary>A file of the request: its extension is not an accepted type.</summary>
    public const string FileTypeNotAllowed = "file_type_not_allowed";

    /// <summary>A file of the request: its content type is not an accepted one.</summary>
    public const string ContentTypeNotAllowed = "content_type_not_allowed";

    /// <summary>A file of the request: its content type does not match its extension.</summary>
    public const string ContentTypeMismatch = "content_type_mismatch";

    /// <summary>A file of the request: <c>checksumSha256</c> is not a base64 SHA-256.</summary>
    public const string ChecksumInvalid = "checksum_invalid";

    // Uploads: status, commands and listing.

    /// <summary>No such upload, or not one the caller may see: both look the same (404).</summary>
    public const string UploadNotFound = "upload_not_found";

    /// <summary>An upload id that is not a GUID, given to the uploads hub (hub error).</summary>
    public const string UploadIdInvalid = "upload_id_invalid";

    /// <summary>The upload's status does not allow this command (409).</summary>
    public const string InvalidTransition = "invalid_transition";

    /// <summary>The command applies to multipart uploads only (409).</summary>
    public const string NotMultipart = "not_multipart";

    /// <summary>The command applies to single-PUT uploads only (409).</summary>
    public const string NotSinglePut = "not_single_put";

    /// <summary>The completion's parts are not exactly the parts storage holds for this upload (422).</summary>
    public const string InvalidParts = "invalid_parts";

    /// <summary>Storage no longer knows the multipart upload: it was aborted or completed elsewhere (409).</summary>
    public const string MultipartUploadNotFound = "multipart_upload_not_found";

    /// <summary>A listing cursor that the listing did not issue (400).</summary>
    public const string InvalidCursor = "invalid_cursor";

    /// <summary>A listing limit out of range (400).</summary>
    public const string InvalidLimit = "invalid_limit";

    /// <summary>A status filter that is not an upload status (400; also the command line's <c>list --status</c>).</summary>
    public const string InvalidStatus = "invalid_status";

    // Limits and availability.

    /// <summary>Over the per-user or per-tenant rate of initiate, complete and re-sign; see <c>Retry-After</c> (429).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The user holds as many event streams as one gateway allows; see <c>Retry-After</c> (429).</summary>
    public const string TooManyStreams = "too_many_streams";

    /// <summary>One hub connection has joined as many projects and uploads as allowed; leave one first (hub error).</summary>
    public const string TooManyJoins = "too_many_joins";

    /// <summary>The gateway cannot reach the Orleans cluster; retry later (503).</summary>
    public const string ClusterUnavailable = "cluster_unavailable";

    /// <summary>A dependency (database, storage, cache) is down or slow; retry later (503).</summary>
    public const string DependencyUnavailable = "dependency_unavailable";

    /// <summary>An unexpected failure; the <c>traceId</c> finds it in the logs (500).</summary>
    public const string InternalError = "internal_error";

    // The errorCode of an upload that ended FAILED (or QUARANTINED).

    /// <summary>The stored object's size is not the size declared at initiate.</summary>
    public const string SizeMismatch = "size_mismatch";

    /// <summary>The file's bytes are not the type its name and content type declare.</summary>
    public const string ContentMismatch = "content_mismatch";

    /// <summary>The stored bytes do not have the SHA-256 declared at initiate.</summary>
    public const string ChecksumMismatch = "checksum_mismatch";

    /// <summary>The image has more pixels than the service decodes.</summary>
    public const string ImageTooLarge = "image_too_large";

    /// <summary>The image cannot be decoded.</summary>
    public const string ImageCorrupt = "image_corrupt";

    /// <summary>The PDF cannot be parsed.</summary>
    public const string PdfCorrupt = "pdf_corrupt";

    /// <summary>The DWG or DXF file cannot be read.</summary>
    public const string DrawingCorrupt = "drawing_corrupt";

    /// <summary>The virus scanner refused the file as beyond its limits (size, nesting), so it cannot be cleared.</summary>
    public const string ScanLimitExceeded = "scan_limit_exceeded";

    /// <summary>Processing the file took longer than allowed.</summary>
    public const string ProcessingTimeout = "processing_timeout";

    /// <summary>Parsing the file killed its worker process (memory limit, crash): the file, not the weather.</summary>
    public const string ResourceLimit = "resource_limit";

    /// <summary>Processing failed for transient reasons on every attempt.</summary>
    public const string RetriesExhausted = "retries_exhausted";

    /// <summary>The virus scanner found malware; the upload is QUARANTINED.</summary>
    public const string MalwareFound = "malware_found";

    // Reported by the client library and the command line themselves, never by the gateway.

    /// <summary>A part or the single PUT still failed after every retry; running the upload again resumes it.</summary>
    public const string TransferFailed = "transfer_failed";

    /// <summary>The gateway could not be reached, or kept failing, after every retry.</summary>
    public const string GatewayUnavailable = "gateway_unavailable";

    /// <summary>Storage refused a part for a reason a retry cannot cure (the upload is gone, the request is wrong).</summary>
    public const string StorageRefused = "storage_refused";

    /// <summary>Another process is uploading the same file right now.</summary>
    public const string UploadInProgress = "upload_in_progress";

    /// <summary>The local file cannot be read, or changed while it was being uploaded.</summary>
    public const string FileUnreadable = "file_unreadable";

    /// <summary>The gateway answered something that is not the API's shape.</summary>
    public const string UnexpectedResponse = "unexpected_response";

    /// <summary>Command line: an unknown command or option, a missing or malformed argument.</summary>
    public const string InvalidArguments = "invalid_arguments";

    /// <summary>Command line: an argument names no file, or a glob matches none.</summary>
    public const string NoSuchFile = "no_such_file";

    /// <summary>Command line: a setting (URL, token, tenant) is missing, or its config file does not exist.</summary>
    public const string ConfigMissing = "config_missing";

    /// <summary>Command line: a setting or the config file is not valid.</summary>
    public const string ConfigInvalid = "config_invalid";

    /// <summary>Command line: processing ended in a state other than COMPLETED without an error code of its own.</summary>
    public const string NotCompleted = "not_completed";

    /// <summary>Command line: the run was interrupted (Ctrl+C); running it again resumes.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>Command line: a failure it did not expect; the message says what.</summary>
    public const string Unexpected = "unexpected";

    /// <summary>The errorCode values of an upload that ended FAILED or QUARANTINED.</summary>
    public static IReadOnlyList<string> UploadFailures { get; } =
    [
        SizeMismatch, ContentMismatch, ChecksumMismatch, ImageTooLarge, ImageCorrupt, PdfCorrupt, DrawingCorrupt,
        ScanLimitExceeded, ProcessingTimeout, ResourceLimit, RetriesExhausted, MalwareFound,
    ];

    /// <summary>The codes the client library and the command line report themselves; the API never answers them.</summary>
    public static IReadOnlyList<string> ClientSide { get; } =
    [
        TransferFailed, GatewayUnavailable, StorageRefused, UploadInProgress, FileUnreadable, UnexpectedResponse,
        InvalidArguments, NoSuchFile, ConfigMissing, ConfigInvalid, NotCompleted, Interrupted, Unexpected,
    ];
}
