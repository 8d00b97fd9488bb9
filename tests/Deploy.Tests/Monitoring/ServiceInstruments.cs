using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;
using BuildPeer.ServiceDefaults.Health;

namespace BuildPeer.Deploy.Tests.Monitoring;

/// <summary>
/// Every instrument of the service's own meters ("BuildPeer.*") in the hosts' assemblies, as the exporter sees
/// them: the static ones by running their classes' static constructors, the health gauge by creating its publisher.
/// </summary>
public static class ServiceInstruments
{
    /// <summary>Series of libraries the dashboard uses (the runtime's), checked against a real scrape by IntegrationTests.</summary>
    public static readonly IReadOnlyList<string> LibraryMetrics =
        ["dotnet_process_memory_working_set_bytes", "dotnet_process_cpu_time_seconds_total"];

    private static readonly Lazy<IReadOnlyList<Instrument>> Found = new(Discover);

    public static IReadOnlyList<Instrument> All => Found.Value;

    /// <summary>Every series name the hosts can export: their own instruments' and <see cref="LibraryMetrics"/>.</summary>
    public static IReadOnlySet<string> SeriesNames =>
        All.SelectMany(PrometheusNames.Of).Concat(LibraryMetrics).ToHashSet(StringComparer.Ordinal);

    private static List<Instrument> Discover()
    {
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "BuildPeer.*.dll"))
        {
            var assembly = Assembly.LoadFrom(file);
            foreach (var type in assembly.GetTypes().Where(HasStaticInstrument))
            {
                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }
        }

        _ = new HealthMetricsPublisher();

        var instruments = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name.StartsWith("BuildPeer.", StringComparison.Ordinal))
                {
                    lock (instruments)
                    {
                        instruments.Add(instrument);
                    }
                }
            },
        };
        listener.Start();
        return instruments;
    }

    private static bool HasStaticInstrument(Type type) =>
        !type.ContainsGenericParameters
        && type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Any(field => typeof(Instrument).IsAssignableFrom(field.FieldType));
}
