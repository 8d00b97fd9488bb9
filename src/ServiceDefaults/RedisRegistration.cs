using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BuildPeer.ServiceDefaults;

public static class RedisRegistration
{
    /// <summary>
    /// One shared connection. It never blocks start-up and reconnects by itself; short timeouts make a Redis outage
    /// cost a request milliseconds, after which callers fall back to the source of truth.
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services)
    {
        services.AddValidatedOptions<RedisOptions>(RedisOptions.SectionName);
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var configuration = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Redis);
            configuration.AbortOnConnectFail = false;
            configuration.ConnectTimeout = 2000;
            configuration.AsyncTimeout = 1000;
            configuration.SyncTimeout = 1000;
            return ConnectionMultiplexer.Connect(configuration);
        });
        return services;
    }
}
