using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.ServiceDefaults.Health;

/// <summary>
/// The readiness checks' last results as a gauge, <c>buildpeer.health.status</c> per check: 2 Healthy, 1 Degraded,
/// 0 Unhealthy (the values of <see cref="HealthStatus"/>). A Degraded host still answers its readiness probe with
/// 200, so without this only someone reading <c>/health/ready</c> would see it; alerts need it as a series.
/// </summary>
public sealed class HealthMetricsPublisher : IHealthCheckPublisher
{
    public const string MeterName = "BuildPeer.Health";
    public const string CheckTag = "check";

    private static readonly Meter Meter = new(MeterName);

    private volatile HealthReport? _latest;

    public HealthMetricsPublisher() =>
        Meter.CreateObservableGauge("buildpeer.health.status", Observe, description:
            "Last result of each readiness check: 2 Healthy, 1 Degraded, 0 Unhealthy.");

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _latest = report;
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<int>> Observe() =>
        _latest?.Entries.Select(entry => new Measurement<int>((int)entry.Value.Status, new KeyValuePair<string, object?>(CheckTag, entry.Key))) ?? [];
}
