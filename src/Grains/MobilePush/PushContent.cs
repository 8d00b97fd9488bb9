using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.MobilePush;

/// <summary>What one push says about one finished upload, before it is put in a device's language.</summary>
public sealed record PushContent(
    Guid UploadId,
    string ProjectId,
    string ProjectName,
    string FileName,
    UploadStatus Status,
    string? ThumbnailUrl)
{
    /// <summary>Names one push: a finished upload in one terminal state (a reprocessed upload may end twice).</summary>
    public string PushId => $"{UploadId:N}:{Status.ToWireName()}";
}
