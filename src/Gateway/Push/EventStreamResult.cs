using System.Reflection;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// A text/event-stream response that follows <see cref="FeedScope"/>: subscribe, read the current state, send it,
/// then every change, until the client goes away, the gateway stops, or the caller loses access (<see cref="StreamGuard"/>).
/// Anything that fails before the first byte (the cluster unreachable) is still an ordinary problem+json answer.
/// </summary>
public sealed partial class EventStreamResult(
    FeedScope scope, Func<CancellationToken, Task<IReadOnlyList<UploadChanged>>> readCurrent, StreamGuard guard)
    : IResult, IEndpointMetadataProvider
{
    private static readonly byte[] KeepAliveComment = ServerSentEvents.Comment("keep-alive");
    private static readonly byte[] OpenComment = ServerSentEvents.Comment("open");

    public FeedScope Scope => scope;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var slot = guard.Slot;
        var services = httpContext.RequestServices;
        var hub = services.GetRequiredService<FeedHub>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<EventStreamResult>();
        var watch = new StreamAccessWatch(guard.StillAllowed, guard.TokenExpiresAt,
            services.GetRequiredService<IOptions<PushOptions>>().Value.AccessCheckInterval,
            services.GetRequiredService<TimeProvider>(), logger);
        // Also on shutdown: an open stream would otherwise hold the gateway's stop for its whole timeout.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var stream = await hub.OpenAsync(scope);
        var watching = Task.CompletedTask;
        try
        {
            // Read after subscribing, so every change made after this state reaches the stream as well.
            var initial = await readCurrent(ended.Token);
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ServerSentEvents.ContentType;
            response.Headers.CacheControl = "no-cache";
            // Reverse proxies (nginx) must pass each message on as it comes.
            response.Headers["X-Accel-Buffering"] = "no";
            httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await response.StartAsync(ended.Token);
            // Kestrel sends the headers with the first body bytes, and an EventSource is "connecting" until it has
            // them: a comment now, rather than the first change or keep-alive seconds later.
            await response.Body.WriteAsync(OpenComment, ended.Token);
            await response.Body.FlushAsync(ended.Token);
            watching = EndWhenAccessLostAsync(watch, ended, logger);
            await stream.PumpAsync(initial, readCurrent, new ResponseSink(response), ended.Token);
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The client left, the gateway is stopping, or access was lost: the stream just ends.
        }
        finally
        {
            hub.Close(stream);
            await ended.CancelAsync();
            await watching;
        }
    }

    private async Task EndWhenAccessLostAsync(StreamAccessWatch watch, CancellationTokenSource ended, ILogger logger)
    {
        try
        {
            var reason = await watch.WatchAsync(ended.Token);
            LogAccessLost(logger, scope.FeedKey, scope.UploadId, reason);
            await ended.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // The stream ended first.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing a stream of {FeedKey} (upload {UploadId}): {Reason}")]
    private static partial void LogAccessLost(ILogger logger, string feedKey, Guid? uploadId, string reason);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(UploadEvent), [ServerSentEvents.ContentType]));

    private sealed class ResponseSink(HttpResponse response) : IFeedSink
    {
        public Task SendAsync(UploadChanged change, CancellationToken cancellationToken) =>
            WriteAsync(UploadEvent.From(change).ToMessage(), cancellationToken);

        public Task KeepAliveAsync(CancellationToken cancellationToken) => WriteAsync(KeepAliveComment, cancellationToken);

        private async Task WriteAsync(byte[] message, CancellationToken cancellationToken)
        {
            await response.Body.WriteAsync(message, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }
}
