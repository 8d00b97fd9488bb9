using BuildPeer.Grains.MobilePush;
using BuildPeer.ServiceDefaults;
using BuildPeer.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.Silo.Health;

public static class SiloHealthChecks
{
    /// <summary>
    /// What a silo depends on. Unhealthy (out of rotation, rollout halts): PostgreSQL, its own membership, the bucket
    /// and the queue, whose failure on one pod is its configuration or credentials. Degraded (stays in): Redis, a
    /// cache with a fallback, and clamd, whose outage processing waits out with retries. Mobile push, where enabled:
    /// Unhealthy without its service account key or an access token, the pod's configuration. See docs/operations.md.
    /// </summary>
    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<SqsQueueHealthCheck>(); // keeps the resolved queue URL between probes
        services.AddDefaultHealthChecks()
            .AddReadinessCheck<MembershipHealthCheck>(HealthCheckNames.Membership, HealthStatus.Unhealthy)
            .AddReadinessCheck<S3BucketHealthCheck>(HealthCheckNames.S3, HealthStatus.Unhealthy)
            .AddReadinessCheck<SqsQueueHealthCheck>(HealthCheckNames.Sqs, HealthStatus.Unhealthy)
            .AddReadinessCheck<ClamdHealthCheck>(HealthCheckNames.Clamd, HealthStatus.Degraded);

        // Mobile push only where it is on. Decided from the final configuration, not at registration, so settings
        // added after the silo's services (tests, later sources) count; read raw, because the health service is built
        // before start-up validation names a bad MobilePush setting.
        services.AddSingleton<MobilePushHealthCheck>(); // keeps its last result between probes
        services.AddOptions<HealthCheckServiceOptions>().Configure<IConfiguration>((health, configuration) =>
        {
            if (configuration.GetValue<bool>($"{MobilePushOptions.SectionName}:{nameof(MobilePushOptions.Enabled)}"))
            {
                health.Registrations.Add(new HealthCheckRegistration(HealthCheckNames.MobilePush,
                    provider => provider.GetRequiredService<MobilePushHealthCheck>(), HealthStatus.Unhealthy,
                    [HealthEndpoints.ReadyTag], HealthEndpoints.CheckTimeout));
            }
        });
        return services;
    }
}
