using System.Diagnostics.Metrics;
using BuildPeer.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildPeer.UnitTests.Telemetry;

/// <summary>The readiness checks' last results become the <c>buildpeer.health.status</c> gauge, one series per check.</summary>
public sealed class HealthMetricsPublisherTests
{
    [Fact]
    public async Task Each_check_is_observed_as_two_healthy_one_degraded_zero_unhealthy()
    {
        // Names of this test's own: other hosts' publishers in this process report their checks to the same gauge.
        var (healthy, degraded, unhealthy) = ($"postgres-{Guid.NewGuid():N}", $"redis-{Guid.NewGuid():N}", $"s3-{Guid.NewGuid():N}");
        var publisher = new HealthMetricsPublisher();
        await publisher.PublishAsync(new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            [healthy] = new(HealthStatus.Healthy, null, TimeSpan.Zero, null, null),
            [degraded] = new(HealthStatus.Degraded, "no PONG", TimeSpan.Zero, null, null),
            [unhealthy] = new(HealthStatus.Unhealthy, "denied", TimeSpan.Zero, null, null),
        }, TimeSpan.Zero), CancellationToken.None);

        var observed = Observe();

        Assert.Equal(2, observed[healthy]);
        Assert.Equal(1, observed[degraded]);
        Assert.Equal(0, observed[unhealthy]);
    }

    /// <summary>One collection of the gauge, by check.</summary>
    private static Dictionary<string, int> Observe()
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == HealthMetricsPublisher.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == HealthMetricsPublisher.CheckTag && tag.Value is string check)
                {
                    values[check] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
