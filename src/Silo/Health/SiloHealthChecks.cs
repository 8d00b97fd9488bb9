using BuildPeer.Grains.Digests;
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
    /// cache with a fallback, clamd, whose outage processing waits out with retries, and, where they are enabled, the
    /// digest's SMTP server and mobile push's FCM credentials, whose outage their queues wait out. See
    /// docs/operations.md.
    /// </summary>
    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<SqsQueueHealthCheck>(); // keeps the resolved queue URL between probes
        services.AddDefaultHealthChecks()
            .AddReadinessCheck<MembershipHealthCheck>(HealthCheckNames.Membership, HealthStatus.Unhealthy)
            .AddReadinessCheck<S3BucketHealthCheck>(HealthCheckNames.S3, HealthStatus.Unhealthy)
            .AddReadinessCheck<SqsQueueHealthCheck>(HealthCheckNames.Sqs, HealthStatus.Unhealthy)
            .AddReadinessCheck<ClamdHealthCheck>(HealthCheckNames.Clamd, HealthStatus.Degraded);

        // The digest and mobile push only where they are on. Decided from the final configuration, not at
        // registration, so settings added after the silo's services (tests, later sources) count; read raw, because
        // the health service is built before start-up validation names a bad setting.
        services.AddSingleton<DigestSmtpHealthCheck>(); // keeps its answer between probes
        services.AddSingleton<MobilePushHealthCheck>(); // keeps its last result between probes
        services.AddOptions<HealthCheckServiceOptions>().Configure<IConfiguration>((health, configuration) =>
        {
            if (configuration.GetValue<bool>($"{DigestOptions.SectionName}:{nameof(DigestOptions.Enabled)}"))
            {
                health.Registrations.Add(ReadinessWhenEnabled<DigestSmtpHealthCheck>(HealthCheckNames.DigestSmtp));
            }

            if (configuration.GetValue<bool>($"{MobilePushOptions.SectionName}:{nameof(MobilePushOptions.Enabled)}"))
            {
                health.Registrations.Add(ReadinessWhenEnabled<MobilePushHealthCheck>(HealthCheckNames.MobilePush));
            }
        });
        return services;
    }

    private static HealthCheckRegistration ReadinessWhenEnabled<TCheck>(string name)
        where TCheck : IHealthCheck =>
        new(name, provider => provider.GetRequiredService<TCheck>(), HealthStatus.Degraded,
            [HealthEndpoints.ReadyTag], HealthEndpoints.CheckTimeout);
}
