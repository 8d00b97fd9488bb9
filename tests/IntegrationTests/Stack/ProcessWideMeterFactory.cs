using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// The meter factory of every host these tests start in this process. OpenTelemetry listens to meters by name
/// across the process, so every host's exporter shares one metric stream per instrument name, and that stream ends
/// when any instrument behind it is disposed: once any earlier host had stopped (its factory disposes ASP.NET Core's
/// and Kestrel's meters), the others' scrapes lost <c>http_server_*</c>. Here one process has one set of meters that
/// live as long as it, as a production host's do.
/// </summary>
public sealed class ProcessWideMeterFactory : IMeterFactory
{
    public static readonly ProcessWideMeterFactory Instance = new();

    private readonly ConcurrentDictionary<(string Name, string? Version), Meter> _meters = new();

    private ProcessWideMeterFactory()
    {
    }

    /// <summary>Makes a host under test use it (after the host's own registrations, the last one wins).</summary>
    public static void UseIn(IServiceCollection services) => services.AddSingleton<IMeterFactory>(Instance);

    public Meter Create(MeterOptions options) => _meters.GetOrAdd((options.Name, options.Version), _ =>
        new LastingMeter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this }));

    /// <summary>Hosts dispose their factory as they stop; these meters outlive them on purpose.</summary>
    public void Dispose()
    {
    }

    /// <summary>A meter its users cannot end: ASP.NET Core's hosting metrics dispose their meter with the host.</summary>
    private sealed class LastingMeter(MeterOptions options) : Meter(options)
    {
#pragma warning disable CA2215 // Not disposing is the point: the process ends these meters.
        protected override void Dispose(bool disposing)
        {
        }
#pragma warning restore CA2215
    }
}
