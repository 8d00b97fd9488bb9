using BuildPeer.ServiceDefaults.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.ServiceDefaults;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Long enough for a dependency on a busy network, short enough that the whole probe (checks run in parallel)
    /// answers within a Kubernetes probe's timeout.
    /// </summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>PostgreSQL (membership, grain state) and Redis (the status cache, so a failure only degrades).</summary>
    public static IHealthChecksBuilder AddDefaultHealthChecks(this IServiceCollection services)
    {
        // The readiness checks also run in the background (every 30 s) for the health gauge.
        services.AddSingleton<IHealthCheckPublisher, HealthMetricsPublisher>();
        services.Configure<HealthCheckPublisherOptions>(options => options.Predicate = check => check.Tags.Contains(ReadyTag));
        return services.AddHealthChecks()
            .AddReadinessCheck<PostgresHealthCheck>(HealthCheckNames.Postgres, HealthStatus.Unhealthy)
            .AddReadinessCheck<RedisHealthCheck>(HealthCheckNames.Redis, HealthStatus.Degraded);
    }

    /// <summary>
    /// A readiness check whose failure reports <paramref name="failureStatus"/>: Unhealthy takes the pod out of
    /// rotation (503), Degraded keeps it in (200) and says what is wrong.
    /// </summary>
    public static IHealthChecksBuilder AddReadinessCheck<T>(this IHealthChecksBuilder builder, string name, HealthStatus failureStatus)
        where T : class, IHealthCheck =>
        builder.AddCheck<T>(name, failureStatus, [ReadyTag], CheckTimeout);

    /// <summary>
    /// <c>/health/live</c>: the process answers (no dependency is asked: a restart would not fix any of them).
    /// <c>/health/ready</c>: each dependency, as JSON that names the one that is down.
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        return app;
    }
}
