namespace BuildPeer.Gateway.Problems;

/// <summary>The stable <c>code</c> of every problem+json response the gateway writes. Clients switch on these.</summary>
public static class ProblemCodes
{
    public const string MissingToken = "missing_token";
    public const string InvalidToken = "invalid_token";
    public const string TenantHeaderMissing = "tenant_header_missing";
    public const string TenantForbidden = "tenant_forbidden";
    public const string TenantIdInvalid = "tenant_id_invalid";
    public const string ProjectIdInvalid = "project_id_invalid";
    public const string NotUploadOwner = "not_upload_owner";
    public const string TooManyStreams = "too_many_streams";
    public const string Forbidden = "forbidden";
    public const string InvalidRequest = "invalid_request";
    public const string FilesRejected = "files_rejected";
    public const string UploadNotFound = "upload_not_found";
    public const string ProjectNotFound = "project_not_found";
    public const string NotPermitted = "not_permitted";
    public const string IdempotencyKeyInvalid = "idempotency_key_invalid";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string NotFound = "not_found";
    public const string ClusterUnavailable = "cluster_unavailable";
    public const string DependencyUnavailable = "dependency_unavailable";
    public const string InternalError = "internal_error";
    public const string DevTokensUnavailable = "dev_tokens_unavailable";
    public const string RateLimited = "rate_limited";

    /// <summary>The code for a problem that was written without one (framework errors, status code pages).</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidRequest,
        StatusCodes.Status401Unauthorized => MissingToken,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => ClusterUnavailable,
        >= 500 => InternalError,
        _ => "error",
    };
}
