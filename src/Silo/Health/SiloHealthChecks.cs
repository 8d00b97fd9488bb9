using BuildPeer.ServiceDefaults;
using BuildPeer.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Silo.Health;

public static class SiloHealthChecks
{
    /// <summary>
    /// What a silo depends on. Unhealthy (out of rotation, rollout halts): PostgreSQL, its own membership, the bucket
    /// and the queue, whose failure on one pod is its configuration or credentials. Degraded (stays in): Redis, a
    /// cache with a fallback, and clamd, whose outage processing waits out with retries. See docs/operations.md.
    /// </summary>
    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<SqsQueueHealthCheck>(); // keeps the resolved queue URL between probes
        services.AddDefaultHealthChecks()
            .AddReadinessCheck<MembershipHealthCheck>(HealthCheckNames.Membership, HealthStatus.Unhealthy)
            .AddReadinessCheck<S3BucketHealthCheck>(HealthCheckNames.S3, HealthStatus.Unhealthy)
            .AddReadinessCheck<SqsQueueHealthCheck>(HealthCheckNames.Sqs, HealthStatus.Unhealthy)
            .AddReadinessCheck<ClamdHealthCheck>(HealthCheckNames.Clamd, HealthStatus.Degraded);
        return services;
    }
}
