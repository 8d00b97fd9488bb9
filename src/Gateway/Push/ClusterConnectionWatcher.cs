namespace BuildPeer.Gateway.Push;

/// <summary>
/// Renews the feed subscriptions as soon as the set of silos this gateway reaches changes (a silo gone may have
/// taken feeds with it), and resyncs every stream when the connection to the cluster comes back after being lost
/// (changes sent meanwhile went nowhere).
/// </summary>
public sealed partial class ClusterConnectionWatcher(FeedRenewalSignal signal, ILogger<ClusterConnectionWatcher> logger)
    : IClusterConnectionStatusObserver
{
    public void NotifyClusterConnectionLost() => LogConnectionLost();

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways > 0)
        {
            signal.Raise(resyncAll: connectionRecovered);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to the cluster; event streams resync once it is back")]
    private partial void LogConnectionLost();
}
