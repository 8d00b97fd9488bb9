using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BuildPeer.ProcessingBench;

/// <summary>
/// An upload's status as the gateway reports it: the body of <c>GET api/uploads/{id}/status</c> or the data of a
/// <c>status</c> event (src/Gateway/Push/UploadEvent.cs, the same fields plus <c>version</c>; every field present,
/// null where it does not apply). <see cref="Version"/> is null in a status body.
/// </summary>
internal sealed record StatusReport(
    Guid UploadId, string Status, int? Version, DateTimeOffset? ProcessedAt, string? ErrorCode, string? Error)
{
    /// <summary>"code: message" for a FAILED or QUARANTINED upload, else null.</summary>
    public string? Failure => ErrorCode is { } code ? $"{code}: {Error}" : null;
}

/// <summary>The <c>status</c> events of a text/event-stream body (src/Gateway/Push/ServerSentEvents.cs).</summary>
internal static class StatusEvents
{
    public const string ContentType = "text/event-stream";
    public const string EventType = "status";

    /// <summary>
    /// Every <c>status</c> event of <paramref name="body"/> until it ends; comments (<c>: open</c>,
    /// <c>: keep-alive</c>) and other event types are skipped by the parser.
    /// </summary>
    public static async IAsyncEnumerable<StatusReport> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == EventType)
            {
                yield return JsonSerializer.Deserialize<StatusReport>(item.Data, JsonSerializerOptions.Web)
                    ?? throw new InvalidDataException($"A status event without data (id {item.EventId}).");
            }
        }
    }
}

/// <summary>
/// Follows one project's uploads on <c>GET api/projects/{projectId}/events</c> and feeds every status event to a
/// <see cref="UploadTracker"/>. The gateway does not read Last-Event-ID: every connection starts with the current
/// state (the uploads in flight and those finished in the last 15 minutes, at most Feed:SnapshotLimit, 500), so a
/// reconnect needs nothing more; whatever that leaves out is the reconciliation poll's.
/// </summary>
internal static class ProjectEventStream
{
    /// <summary>
    /// Runs until <paramref name="cancellationToken"/>. <paramref name="opened"/> completes once the first response
    /// started: the stream is subscribed and its current state read, so nothing after that is missed. Any failure
    /// before then fails the returned task; later ones are logged and the stream reconnected.
    /// </summary>
    public static async Task FollowAsync(HttpClient client, string path, UploadTracker tracker, TaskCompletionSource opened,
        CancellationToken cancellationToken)
    {
        for (var failures = 0; ; failures++)
        {
            var connectedAt = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(StatusEvents.ContentType));
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != StatusEvents.ContentType)
                {
                    var problem = $"GET {path} answered HTTP {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}: " +
                        await response.Content.ReadAsStringAsync(cancellationToken);
                    if (!opened.Task.IsCompleted)
                    {
                        throw new InvalidOperationException(problem);
                    }

                    Console.Error.WriteLine($"[e2e] {problem}; trying again");
                }
                else
                {
                    tracker.StreamOpened();
                    opened.TrySetResult();
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await foreach (var report in StatusEvents.ReadAsync(body, cancellationToken))
                    {
                        tracker.Apply(report, StatusSource.Push);
                    }

                    Console.Error.WriteLine("[e2e] the event stream ended; reconnecting");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException
                && opened.Task.IsCompleted && !cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine($"[e2e] the event stream broke ({exception.Message}); reconnecting");
            }

            // A stream that lasted a while was healthy: reconnect at once. One that keeps failing waits up to 5 s.
            if (Stopwatch.GetElapsedTime(connectedAt) > TimeSpan.FromSeconds(30))
            {
                failures = 0;
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(failures, 5)), cancellationToken);
        }
    }
}
