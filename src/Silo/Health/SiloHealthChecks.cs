using BuildPeer.Grains.Digests;
using BuildPeer.ServiceDefaults;
using BuildPeer.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Silo.Health;

public static class SiloHealthChecks
{
    /// <summary>
    /// What a silo depends on. Unhealthy (out of rotation, rollout halts): PostgreSQL, its own membership, the bucket
    /// and the queue, whose failure on one pod is its configuration or credentials. Degraded (stays in): Redis, a
    /// cache with a fallback, clamd, whose outage processing waits out with retries, and, while the digest is
    /// enabled, its SMTP server, whose outage the digest waits out until its next period. See docs/operations.md.
    /// </summary>
    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SqsQueueHealthCheck>(); // keeps the resolved queue URL between probes
        var checks = services.AddDefaultHealthChecks()
            .AddReadinessCheck<MembershipHealthCheck>(HealthCheckNames.Membership, HealthStatus.Unhealthy)
            .AddReadinessCheck<S3BucketHealthCheck>(HealthCheckNames.S3, HealthStatus.Unhealthy)
            .AddReadinessCheck<SqsQueueHealthCheck>(HealthCheckNames.Sqs, HealthStatus.Unhealthy)
            .AddReadinessCheck<ClamdHealthCheck>(HealthCheckNames.Clamd, HealthStatus.Degraded);
        if (configuration.GetSection(DigestOptions.SectionName).GetValue<bool>(nameof(DigestOptions.Enabled)))
        {
            services.AddSingleton<DigestSmtpHealthCheck>(); // keeps its answer between probes
            checks.AddReadinessCheck<DigestSmtpHealthCheck>(HealthCheckNames.DigestSmtp, HealthStatus.Degraded);
        }

        return services;
    }
}
