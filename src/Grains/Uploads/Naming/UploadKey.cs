using System.Diagnostics.CodeAnalysis;
using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.Grains.Uploads.Naming;

/// <summary>
/// The S3 key of an upload: <c>{tenantId}/{projectId}/uploads/{uploadId}/{safeFileName}</c>. The upload id sits in
/// the key so that a storage event finds its grain without a database look-up.
/// </summary>
public static class UploadKey
{
    private const string UploadsSegment = "uploads";

    public static string Build(string tenantId, string projectId, Guid uploadId, string safeFileName)
    {
        if (!ResourceId.IsValid(tenantId))
        {
            throw new ArgumentException($"'{tenantId}' is not a valid tenant id.", nameof(tenantId));
        }

        if (!ResourceId.IsValid(projectId))
        {
            throw new ArgumentException($"'{projectId}' is not a valid project id.", nameof(projectId));
        }

        if (safeFileName.Length == 0 || safeFileName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("The file name must be sanitised first.", nameof(safeFileName));
        }

        return $"{tenantId}/{projectId}/{UploadsSegment}/{uploadId:D}/{safeFileName}";
    }

    /// <summary>Reads the upload id back from a key; false for any key this service did not build.</summary>
    public static bool TryParseUploadId(string key, [NotNullWhen(true)] out Guid? uploadId)
    {
        uploadId = null;
        var segments = key.Split('/');
        if (segments.Length != 5
            || !ResourceId.IsValid(segments[0])
            || !ResourceId.IsValid(segments[1])
            || segments[2] != UploadsSegment
            || segments[4].Length == 0
            || !Guid.TryParseExact(segments[3], "D", out var parsed))
        {
            return false;
        }

        uploadId = parsed;
        return true;
    }
}
