namespace BuildPeer.Gateway.Push;

/// <summary>Keeps this gateway's feed subscriptions alive, and leaves the feeds when the gateway stops.</summary>
public sealed partial class FeedRenewalService(FeedHub hub, FeedRenewalSignal signal, ILogger<FeedRenewalService> logger)
    : BackgroundService
{
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await signal.WaitAsync(hub.RenewalPeriod, stoppingToken))
                {
                    hub.ResyncAll();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await hub.RenewAllAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await hub.UnsubscribeAllAsync().WaitAsync(LeaveTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            LogLeaveTimedOut(hub.FollowedProjects);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping before {Count} feeds were left; their leases lapse on their own")]
    private partial void LogLeaveTimedOut(int count);
}
