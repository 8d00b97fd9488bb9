using System.Globalization;

namespace BuildPeer.ProcessingBench;

/// <summary>Nearest-rank quantiles of a sample, in the unit given (the sharp script uses the same rule).</summary>
internal sealed record Stats(int Count, double Median, double P95, double Min, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = samples.Order().ToArray();
        return new Stats(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.95), sorted[0], sorted[^1]);
    }

    public static double Quantile(double[] sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);
}
