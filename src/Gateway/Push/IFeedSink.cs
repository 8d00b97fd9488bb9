using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.Gateway.Push;

/// <summary>Where a stream's messages go: the HTTP response, or a recorder in tests.</summary>
public interface IFeedSink
{
    Task SendAsync(UploadChanged change, CancellationToken cancellationToken);

    Task KeepAliveAsync(CancellationToken cancellationToken);
}
