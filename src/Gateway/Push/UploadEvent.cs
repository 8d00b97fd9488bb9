using System.Text.Json;
using System.Text.Json.Serialization;
using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// The <c>data</c> of a <c>status</c> event (docs/architecture.md, "Real-time push"): every field always present,
/// null where it does not apply; times in UTC with a Z.
/// </summary>
public sealed record UploadEvent(
    Guid UploadId,
    string ProjectId,
    string FileName,
    string Status,
    int Progress,
    string? ThumbnailUrl,
    string? DownloadUrl,
    DateTime? ProcessedAt,
    string? ErrorCode,
    string? Error,
    int Version,
    DateTime OccurredAt)
{
    public const string EventType = "status";

    /// <summary>Unique per upload and state version, so a client can tell a repeat from a new change.</summary>
    [JsonIgnore]
    public string EventId => $"{UploadId:D}:{Version}";

    public static UploadEvent From(UploadChanged change) => new(
        change.UploadId, change.ProjectId, change.FileName, change.Status.ToWireName(),
        UploadStatusResponse.ProgressOf(change.Status), change.ThumbnailUrl, change.DownloadUrl,
        change.ProcessedAt?.UtcDateTime, change.ErrorCode, change.Error, change.Version, change.OccurredAt.UtcDateTime);

    /// <summary>The whole message as it goes on the wire.</summary>
    public byte[] ToMessage() => ServerSentEvents.Message(EventType, EventId, JsonSerializer.Serialize(this, JsonSerializerOptions.Web));

    /// <summary>The <c>data</c> as JSON, for the hub: serialized here so that its body is the event stream's to the byte.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, JsonSerializerOptions.Web);
}
