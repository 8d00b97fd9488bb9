using System.Diagnostics.Metrics;

namespace BuildPeer.Deploy.Tests.Monitoring;

/// <summary>
/// The series names the OpenTelemetry Prometheus exporter gives an instrument: dots become underscores, a unit
/// becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; annotations like <c>{upload}</c> add
/// nothing), counters end in <c>_total</c>, histograms are <c>_bucket</c>, <c>_sum</c> and <c>_count</c>.
/// </summary>
public static class PrometheusNames
{
    public static IReadOnlyList<string> Of(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_') + UnitSuffix(instrument.Unit);
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>)
            ? [name + "_total"]
            : definition == typeof(Histogram<>)
            ? [name + "_bucket", name + "_sum", name + "_count"]
            : [name];
    }

    private static string UnitSuffix(string? unit) => unit switch
    {
        "s" => "_seconds",
        "By" => "_bytes",
        _ => "",
    };
}
