using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildPeer.Gateway.Push;

public static class PushServicesExtensions
{
    /// <summary>The event streams: this process's feed observer, its subscriptions and their renewal.</summary>
    public static IServiceCollection AddPush(this IServiceCollection services)
    {
        services.AddValidatedOptions<PushOptions>(PushOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IProjectFeeds, ClusterProjectFeeds>();
        services.AddSingleton<FeedHub>();
        services.AddSingleton<StreamLimiter>();
        services.AddSingleton<FeedRenewalSignal>();
        services.AddSingleton<IClusterConnectionStatusObserver, ClusterConnectionWatcher>();
        services.AddHostedService<FeedRenewalService>();
        return services;
    }
}
