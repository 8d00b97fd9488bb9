using System.Globalization;
using BuildPeer.Grains.Uploads.Processing.Parsers;
using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>The silo's pod can hold what its settings let it use: the silo, its parser workers and their renderers.</summary>
public sealed class SiloMemoryPlanTests
{
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_silo_is_told_its_pods_memory_limit_and_its_workers_fit_in_it(string overlay)
    {
        var rendered = Of(overlay);
        var container = rendered.Container("buildpeer-silo", "silo");
        var settings = rendered.Environment(container).ToDictionary(v => v.Name, v => v.Value);
        var limit = Quantity(container.GetProperty("resources").GetProperty("limits").GetProperty("memory").GetString()!);

        Assert.Equal(limit, long.Parse(settings["Processing__Parsers__PodMemoryLimitBytes"]!, CultureInfo.InvariantCulture));
        var planned = ParsersFitThePod.PlannedBytes(
            int.Parse(settings["Processing__Workers"]!, CultureInfo.InvariantCulture),
            long.Parse(settings["Processing__Parsers__MemoryLimitBytes"]!, CultureInfo.InvariantCulture),
            long.Parse(settings["Processing__Pdf__PreviewMemoryLimitBytes"]!, CultureInfo.InvariantCulture),
            long.Parse(settings["Processing__Parsers__SiloMemoryBudgetBytes"]!, CultureInfo.InvariantCulture));
        Assert.True(planned <= limit, $"{overlay}: the silo's plan needs {planned} bytes; its pod may use {limit}.");
    }

    /// <summary>A Kubernetes memory quantity in bytes ("1536Mi", "2Gi", "512M").</summary>
    private static long Quantity(string value)
    {
        (string Suffix, long Factor)[] units = [("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("K", 1000), ("M", 1_000_000), ("G", 1_000_000_000)];
        foreach (var (suffix, factor) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal))
            {
                return long.Parse(value[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
            }
        }

        return long.Parse(value, CultureInfo.InvariantCulture);
    }
}
