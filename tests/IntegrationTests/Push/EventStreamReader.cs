using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// A client of one event stream, reading it the way the contract's clients do: lines, blank line ends a message,
/// <c>:</c> starts a comment. Messages are timestamped as they arrive, to measure latency.
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StatusEventQueue _events = new("the server ended the stream");
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private int _comments;

    private EventStreamReader(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Keep-alive (and any other) comments seen so far.</summary>
    public int Comments => Volatile.Read(ref _comments);

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended => _reading;

    /// <summary>Opens <paramref name="path"/>; asserts the server answered with an event stream.</summary>
    public static async Task<EventStreamReader> OpenAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            Assert.Fail($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response);
    }

    /// <inheritdoc cref="StatusEventQueue.NextAsync"/>
    public Task<StatusEvent> NextAsync(TimeSpan timeout) => _events.NextAsync(timeout);

    /// <inheritdoc cref="StatusEventQueue.UntilAsync"/>
    public Task<IReadOnlyList<StatusEvent>> UntilAsync(Guid uploadId, Func<StatusEvent, bool> last, TimeSpan timeout) =>
        _events.UntilAsync(uploadId, last, timeout);

    /// <inheritdoc cref="StatusEventQueue.DrainAsync"/>
    public Task<IReadOnlyList<StatusEvent>> DrainAsync(TimeSpan window) => _events.DrainAsync(window);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException
            or HttpRequestException or ArgumentException)
        {
            // Closed from this side (a reader that had not started yet finds the body already disposed: "not readable").
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var lines = new StreamReader(body, Encoding.UTF8);
            var (id, data) = ((string?)null, new StringBuilder());
            while (await lines.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (id is not null && data.Length > 0)
                    {
                        _events.Add(new StatusEvent(id, JsonDocument.Parse(data.ToString()).RootElement.Clone(), DateTimeOffset.UtcNow));
                    }

                    (id, data) = (null, new StringBuilder());
                }
                else if (line.StartsWith(':'))
                {
                    Interlocked.Increment(ref _comments);
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line["id: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line["data: ".Length..]);
                }
            }
        }
        finally
        {
            _events.Complete();
        }
    }
}
