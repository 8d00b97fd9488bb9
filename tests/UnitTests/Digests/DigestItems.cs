using BuildPeer.Grains.Abstractions.Digests;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.UnitTests.Digests;

/// <summary>Digest items for tests: one upload of "alice" in Tower 7 unless told otherwise.</summary>
internal static class DigestItems
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public static DigestItem Item(string fileName, UploadStatus status = UploadStatus.Completed, string? errorCode = null,
        string projectId = "tower-7", string projectName = "Tower 7", string uploadedBy = "alice", int minute = 0)
    {
        var uploadId = Guid.CreateVersion7();
        return new DigestItem($"{uploadId}:1", uploadId, projectId, projectName, fileName, status, errorCode, uploadedBy,
            Noon.AddMinutes(minute));
    }
}
