using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads;

/// <summary>Short-lived read URLs, made on request so none outlives its use; only a COMPLETED upload has any.</summary>
public sealed partial class UploadGrain
{
    // Strings from OriginalString: Uri.ToString() unescapes (%20 back to a space), which would break the URL.
    private async Task<(string? Thumbnail, string? Download)> ReadLinksAsync()
    {
        if (Current.Status != UploadStatus.Completed)
        {
            return (null, null);
        }

        var expiresAt = time.GetUtcNow() + processingOptions.Value.ReadUrlLifetime;
        var thumbnailKey = Current.Result?.Thumbnail800Key ?? Current.Result?.PreviewKey;
        var thumbnail = thumbnailKey is null ? null : await urlSigner.SignGetAsync(thumbnailKey, expiresAt);
        var download = await urlSigner.SignGetAsync(Current.S3Key, expiresAt, Registration.FileName);
        return (thumbnail?.OriginalString, download.OriginalString);
    }
}
