using System.Text.Json;
using BuildPeer.Deploy.Tests.Manifests;

namespace BuildPeer.Deploy.Tests.Monitoring;

/// <summary>The monitoring component as an overlay renders it: alert rules, and the dashboard with its queries.</summary>
public static class MonitoringObjects
{
    public const string DashboardFile = "deploy/k8s/monitoring/dashboards/buildpeer-uploads.json";

    public static IEnumerable<JsonElement> AlertRules(RenderedOverlay overlay) =>
        overlay.OfKind("PrometheusRule")
            .SelectMany(rule => RenderedOverlay.Array(rule.GetProperty("spec"), "groups"))
            .SelectMany(group => RenderedOverlay.Array(group, "rules"))
            .Where(rule => rule.TryGetProperty("alert", out _));

    public static JsonElement Dashboard()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.PathOf(DashboardFile)));
        return document.RootElement.Clone();
    }

    public static IEnumerable<JsonElement> Panels(JsonElement dashboard) => RenderedOverlay.Array(dashboard, "panels");

    public static IEnumerable<string> PanelQueries(JsonElement dashboard) =>
        Panels(dashboard).SelectMany(panel => RenderedOverlay.Array(panel, "targets"))
            .Select(target => target.GetProperty("expr").GetString()!);

    public static IReadOnlyList<string> AlertQueries(RenderedOverlay overlay) =>
        [.. AlertRules(overlay).Select(rule => rule.GetProperty("expr").GetString()!)];
}
