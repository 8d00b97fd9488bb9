using System.Reflection;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// A text/event-stream response that follows <see cref="FeedScope"/>: subscribe, read the current state, send it,
/// then every change, until the client goes away or the gateway stops. Anything that fails before the first byte
/// (the cluster unreachable) is still an ordinary problem+json answer.
/// </summary>
public sealed class EventStreamResult(FeedScope scope, Func<CancellationToken, Task<IReadOnlyList<UploadChanged>>> readCurrent)
    : IResult, IEndpointMetadataProvider
{
    private static readonly byte[] KeepAliveComment = ServerSentEvents.Comment("keep-alive");

    public FeedScope Scope => scope;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var hub = httpContext.RequestServices.GetRequiredService<FeedHub>();
        var stopping = httpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        // Also on shutdown: an open stream would otherwise hold the gateway's stop for its whole timeout.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var stream = await hub.OpenAsync(scope);
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
            await stream.PumpAsync(initial, readCurrent, new ResponseSink(response), ended.Token);
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The client left or the gateway is stopping: the stream just ends, and a client reconnects elsewhere.
        }
        finally
        {
            hub.Close(stream);
        }
    }

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
