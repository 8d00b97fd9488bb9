using BuildPeer.Client.Gateway;
using BuildPeer.Client.Resume;
using BuildPeer.Client.Retries;
using BuildPeer.Client.Status;

namespace BuildPeer.Client.Uploads;

/// <summary>What every upload run of one <see cref="BuildPeerClient"/> shares.</summary>
internal sealed record UploadServices(
    BuildPeerClientOptions Options,
    GatewayApi Api,
    StorageSender Storage,
    UploadStateStore Store,
    RetryPolicy Retry,
    TerminalStateWaiter Waiter);
