namespace BuildPeer.Grains.Uploads.Processing.Storage;

/// <summary>
/// Where the objects made from an upload live. Each key is a function of the upload alone, so a retried or
/// repeated attempt overwrites the same objects instead of leaving a second set behind. None of them has the shape
/// of an upload key, so their own storage events are recognised as foreign and acknowledged.
/// </summary>
public static class DerivedKeys
{
    public const string QuarantinePrefix = "quarantine/";

    public static string Thumbnail(string tenantId, string projectId, Guid uploadId, int size) =>
        $"{tenantId}/{projectId}/thumbnails/{size}x{size}/{uploadId:D}.jpg";

    public static string Preview(string tenantId, string projectId, Guid uploadId) =>
        $"{tenantId}/{projectId}/previews/{uploadId:D}.jpg";

    public static string Text(string tenantId, string projectId, Guid uploadId) =>
        $"{tenantId}/{projectId}/text/{uploadId:D}.txt";

    /// <summary>Infected objects move here, out of every path the service offers for download.</summary>
    public static string Quarantine(string uploadKey) => QuarantinePrefix + uploadKey;
}
