using System.Globalization;

namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>
/// S3 ETags as this service handles them: unquoted everywhere (as in S3 events and the upload's state), quoted only
/// on the way back to S3.
/// </summary>
public static class ETags
{
    /// <summary>S3 sends ETags in quotes (headers, XML); the quotes are not part of the value.</summary>
    public static string Unquote(string? eTag) => (eTag ?? string.Empty).Trim().Trim('"').Trim();

    public static string Quote(string eTag) => $"\"{Unquote(eTag)}\"";

    /// <summary>
    /// Whether <paramref name="eTag"/> is the ETag S3 gives an object completed from <paramref name="partCount"/>
    /// parts: it ends in <c>-N</c>, unlike a single PUT's plain MD5.
    /// </summary>
    public static bool IsMultipartOf(string? eTag, int partCount) =>
        Unquote(eTag).EndsWith(string.Create(CultureInfo.InvariantCulture, $"-{partCount}"), StringComparison.Ordinal);
}
