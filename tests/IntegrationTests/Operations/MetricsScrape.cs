namespace BuildPeer.IntegrationTests.Operations;

/// <summary>What a host serves Prometheus at /metrics, and the series names in it.</summary>
public static class MetricsScrape
{
    public static async Task<string> ReadAsync(Uri host)
    {
        using var client = new HttpClient { BaseAddress = host };
        using var response = await client.GetAsync("metrics");
        Assert.True(response.IsSuccessStatusCode, $"GET {host}metrics answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Every series name in a scrape (the text before the labels or the value, comments left out).</summary>
    public static IReadOnlySet<string> SeriesNames(string scrape) =>
        scrape.Split('\n').Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
}
