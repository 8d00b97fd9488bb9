using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Telemetry;

/// <summary>
/// The logging scope of work about one upload: with scopes on (the JSON console formatter, OTLP logs) every line
/// written inside it carries UploadId, TenantId and ProjectId, whatever its message says.
/// </summary>
public static class UploadLogScope
{
    public const string UploadIdKey = "UploadId";
    public const string TenantIdKey = "TenantId";
    public const string ProjectIdKey = "ProjectId";

    public static IDisposable? Begin(ILogger logger, Guid uploadId, string? tenantId = null, string? projectId = null) =>
        logger.BeginScope(new KeyValuePair<string, object?>[]
        {
            new(UploadIdKey, uploadId),
            new(TenantIdKey, tenantId),
            new(ProjectIdKey, projectId),
        });
}
