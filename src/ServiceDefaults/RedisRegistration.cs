using BuildPeer.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BuildPeer.ServiceDefaults;

public static class RedisRegistration
{
    /// <summary>
    /// One shared connection, used through <see cref="RedisCircuit"/>. It never blocks start-up for long and
    /// reconnects by itself; while it is down, commands fail at once instead of queueing (FailFast), and the
    /// circuit skips Redis altogether, so an outage costs callers microseconds and they use the source of truth.
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services)
    {
        services.AddValidatedOptions<RedisOptions>(RedisOptions.SectionName);
        services.AddValidatedOptions<RedisCircuitOptions>(RedisCircuitOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var configuration = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Redis);
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ConnectTimeout = 1000;
            configuration.AsyncTimeout = 1000;
            configuration.SyncTimeout = 1000;
            // Try again soon after a loss (every second at most), so the cache is back seconds after Redis is.
            configuration.ReconnectRetryPolicy = new LinearRetry(1000);
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.TryAddSingleton<RedisCircuit>();
        return services;
    }
}
