using System.Threading.Channels;
using BuildPeer.Gateway.Push;
using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.UnitTests.Push;

/// <summary>Records what a follower sends; <see cref="Hold"/> makes it a client that stopped reading.</summary>
internal sealed class RecordingSink : IFeedSink
{
    private readonly Channel<UploadChanged?> _received = Channel.CreateUnbounded<UploadChanged?>();
    private TaskCompletionSource _open = Opened();

    public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _open.TrySetResult();

    public async Task SendAsync(UploadChanged change, CancellationToken cancellationToken)
    {
        await _open.Task.WaitAsync(cancellationToken);
        _received.Writer.TryWrite(change);
    }

    public Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        _received.Writer.TryWrite(null);
        return Task.CompletedTask;
    }

    /// <summary>The next message sent: a change, or null for a keep-alive.</summary>
    public async Task<UploadChanged?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next <paramref name="count"/> changes' versions.</summary>
    public async Task<int[]> VersionsAsync(int count)
    {
        var versions = new int[count];
        for (var i = 0; i < count; i++)
        {
            versions[i] = (await NextAsync())!.Version;
        }

        return versions;
    }

    public bool HasMore => _received.Reader.TryPeek(out _);

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
