using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Gateway.Push.Hubs;

/// <summary>
/// The client methods the uploads hub calls (docs/architecture.md, "Real-time push"). Every change is
/// <see cref="Status"/>; a change into COMPLETED, FAILED or QUARANTINED is also sent under its own name, so a client
/// that only cares how uploads end listens to that alone. All carry the same <see cref="UploadEvent"/> body.
/// </summary>
public static class HubEvents
{
    public const string Status = "upload:status";
    public const string Completed = "upload:completed";
    public const string Failed = "upload:failed";
    public const string Quarantined = "upload:quarantined";

    /// <summary>A joined project or upload the caller may no longer follow; it has been left.</summary>
    public const string AccessLost = "upload:access-lost";

    /// <summary>The names one change is sent under, <see cref="Status"/> first.</summary>
    public static IReadOnlyList<string> For(UploadStatus status) => status switch
    {
        UploadStatus.Completed => [Status, Completed],
        UploadStatus.Failed => [Status, Failed],
        UploadStatus.Quarantined => [Status, Quarantined],
        _ => [Status],
    };
}
