using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// A client of one event stream, reading it the way the contract's clients do: lines, blank line ends a message,
/// <c>:</c> starts a comment. Messages are timestamped as they arrive, to measure latency.
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<StatusEvent> _events = Channel.CreateUnbounded<StatusEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private readonly List<StatusEvent> _unclaimed = [];
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

    /// <summary>The next status message, within <paramref name="timeout"/>.</summary>
    public async Task<StatusEvent> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _events.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No status message within {timeout.TotalSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The server ended the stream.");
        }
    }

    /// <summary>
    /// Messages about <paramref name="uploadId"/> until one satisfies <paramref name="last"/>, that one included.
    /// Messages about other uploads stay for their own calls.
    /// </summary>
    public async Task<IReadOnlyList<StatusEvent>> UntilAsync(Guid uploadId, Func<StatusEvent, bool> last, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var seen = new List<StatusEvent>();
        while (true)
        {
            var next = _unclaimed.Find(candidate => candidate.UploadId == uploadId);
            if (next is not null)
            {
                _unclaimed.Remove(next);
            }
            else
            {
                var remaining = deadline - DateTimeOffset.UtcNow;
                try
                {
                    next = await NextAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"Upload {uploadId} did not get there within {timeout.TotalSeconds} s; seen: {string.Join("; ", seen)}");
                }

                if (next.UploadId != uploadId)
                {
                    _unclaimed.Add(next);
                    continue;
                }
            }

            seen.Add(next);
            if (last(next))
            {
                return seen;
            }
        }
    }

    /// <summary>Whatever arrives within <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<StatusEvent>> DrainAsync(TimeSpan window)
    {
        var seen = new List<StatusEvent>();
        try
        {
            while (true)
            {
                seen.Add(await NextAsync(window));
            }
        }
        catch (TimeoutException)
        {
            return seen;
        }
    }

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
                        _events.Writer.TryWrite(new StatusEvent(id, JsonDocument.Parse(data.ToString()).RootElement.Clone(), DateTimeOffset.UtcNow));
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
            _events.Writer.TryComplete();
        }
    }
}
