using System.Text.Json;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>One <c>status</c> message of an event stream, as a client received it.</summary>
public sealed record StatusEvent(string Id, JsonElement Data, DateTimeOffset ReceivedAt)
{
    public Guid UploadId => Data.GetProperty("uploadId").GetGuid();

    public string Status => Data.GetProperty("status").GetString()!;

    public int Version => Data.GetProperty("version").GetInt32();

    public string? ThumbnailUrl => Data.GetProperty("thumbnailUrl").GetString();

    public DateTimeOffset OccurredAt => Data.GetProperty("occurredAt").GetDateTimeOffset();

    /// <summary>From the state write (its <c>occurredAt</c>, stamped as the write starts) to this client; same clock.</summary>
    public TimeSpan Latency => ReceivedAt - OccurredAt;

    public override string ToString() => $"{Status} v{Version} of {UploadId} after {Latency.TotalMilliseconds:F0} ms";
}
