using System.Diagnostics;
using System.Text.Json;

namespace BuildPeer.Deploy.Tests.Monitoring;

/// <summary>PromQL parsed by the Prometheus project's grammar (<c>deploy/validate/promql.mjs</c>): its syntax errors and the metrics it selects.</summary>
public sealed record PromQl(string Expr, IReadOnlyList<string> Errors, IReadOnlyList<string> Metrics)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<PromQl> Parse(IReadOnlyList<string> expressions)
    {
        Manifests.RenderedOverlay.Of("dev"); // installs the validators if needed
        var start = new ProcessStartInfo("node", [Repository.PathOf("deploy/validate/promql.mjs")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        node.StandardInput.Write(JsonSerializer.Serialize(expressions));
        node.StandardInput.Close();
        var errors = node.StandardError.ReadToEndAsync();
        var output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, $"promql.mjs failed: {errors.Result}");
        return JsonSerializer.Deserialize<List<PromQl>>(output, Web)!;
    }
}
