using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.UnitTests.Push;

/// <summary>Upload changes for the push tests.</summary>
internal static class Changes
{
    public static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    public static UploadChanged Of(Guid uploadId, int version, UploadStatus status = UploadStatus.Processing,
        string tenantId = "acme", string projectId = "tower-7") =>
        new(uploadId, tenantId, projectId, "site.jpg", status, null, null, null, null, null, version, At.AddSeconds(version));
}
