using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// Since processing follows UPLOADED at once, a test of the upload step sees any state after it: "the bytes
/// arrived" means UPLOADED or anything processing made of it.
/// </summary>
public static class UploadProgress
{
    public static bool HasUploaded(UploadStatus status) => status is UploadStatus.Uploaded or UploadStatus.Processing
        or UploadStatus.Completed or UploadStatus.Failed or UploadStatus.Quarantined;

    public static bool HasUploaded(string? wireName) =>
        wireName is not null && UploadStatusExtensions.TryParseWireName(wireName, out var status) && HasUploaded(status);
}
