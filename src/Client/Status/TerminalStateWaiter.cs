using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using BuildPeer.Client.Gateway;
using BuildPeer.Client.Gateway.Wire;
using BuildPeer.Client.Retries;

namespace BuildPeer.Client.Status;

/// <summary>
/// Waits until an upload reaches a terminal state: on the gateway's event stream (PUSH-CONTRACT: the current state
/// first, then every change, each with a growing version), reconnecting when the stream drops; by polling the
/// status endpoint when the gateway has no event stream (404, or anything that is not <c>text/event-stream</c>) or
/// when the stream keeps failing.
/// </summary>
internal sealed class TerminalStateWaiter(GatewayApi api, BuildPeerClientOptions options, RetryPolicy retry)
{
    public const string StatusEvent = "status";

    // Keep-alives come every 15 s: a stream silent for three of them is dead even if no connection error says so.
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(45);

    public async Task<UploadStatus> WaitAsync(Guid uploadId, CancellationToken cancellationToken) =>
        options.UsePush && await WaitForPushAsync(uploadId, cancellationToken) is { } pushed
            ? pushed
            : await PollAsync(uploadId, cancellationToken);

    /// <summary>The terminal status from the event stream, or null when push is not available (poll instead).</summary>
    internal async Task<UploadStatus?> WaitForPushAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        var highestVersion = long.MinValue;
        var failures = 0;
        while (true)
        {
            try
            {
                using var response = await api.OpenEventsAsync(uploadId, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
                {
                    // No event stream here (an older gateway), or the upload is not ours: polling says which.
                    return null;
                }

                await using var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync(cancellationToken), IdleLimit);
                await foreach (var message in SseParser.Create(body).EnumerateAsync(cancellationToken))
                {
                    failures = 0;
                    if (message.EventType == StatusEvent && Parse(message.Data) is { } update && update.Version > highestVersion)
                    {
                        highestVersion = update.Version;
                        if (update.ToStatus() is { IsTerminal: true } terminal)
                        {
                            return terminal;
                        }
                    }
                }

                // The server closed the stream. Reconnecting is safe (the current state comes first again); a stream
                // that keeps closing before it says anything counts as failing, so a broken endpoint ends in polling.
            }
            catch (Exception exception) when (RetryPolicy.IsTransient(exception, cancellationToken))
            {
                // The connection broke or went silent: reconnect after a backoff, like a closed stream.
            }

            if (++failures > retry.MaxRetries)
            {
                return null;
            }

            await retry.WaitBeforeAsync(failures, cancellationToken);
        }
    }

    private async Task<UploadStatus> PollAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = (await api.GetStatusAsync(uploadId, cancellationToken)).ToStatus();
            if (status.IsTerminal)
            {
                return status;
            }

            await Task.Delay(options.StatusPollInterval, cancellationToken);
        }
    }

    private static UploadEventWire? Parse(string data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, ClientJsonContext.Default.UploadEventWire);
        }
        catch (JsonException)
        {
            // One malformed event must not end the wait: the next one, or the next connection's first, carries the state.
            return null;
        }
    }
}
