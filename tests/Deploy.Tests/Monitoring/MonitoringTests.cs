using System.Text.Json;
using System.Text.RegularExpressions;
using BuildPeer.Deploy.Tests.Manifests;
using BuildPeer.ServiceDefaults.Telemetry;

namespace BuildPeer.Deploy.Tests.Monitoring;

/// <summary>
/// The monitoring component (deploy/k8s/monitoring): its ServiceMonitors scrape what the pods serve, its alerts and
/// the dashboard's queries parse and name only series the hosts export, and every alert has its runbook.
/// </summary>
public sealed partial class MonitoringTests
{
    [Theory]
    [MemberData(nameof(RenderedOverlay.Names), MemberType = typeof(RenderedOverlay))]
    public void Each_service_monitor_scrapes_the_metrics_port_of_the_silo_or_gateway_pods(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var monitors = rendered.OfKind("ServiceMonitor").ToList();
        var scraped = new HashSet<string>(StringComparer.Ordinal);

        foreach (var monitor in monitors)
        {
            var spec = monitor.GetProperty("spec");
            var selector = spec.GetProperty("selector").GetProperty("matchLabels").EnumerateObject()
                .ToDictionary(pair => pair.Name, pair => pair.Value.GetString()!);
            var service = Assert.Single(rendered.OfKind("Service"),
                item => selector.All(label => RenderedOverlay.Labels(item).GetValueOrDefault(label.Key) == label.Value));
            var endpoint = Assert.Single(RenderedOverlay.Array(spec, "endpoints"));
            Assert.Equal(TelemetrySetup.MetricsPath, endpoint.GetProperty("path").GetString());

            var port = Assert.Single(RenderedOverlay.Array(service.GetProperty("spec"), "ports"),
                item => item.GetProperty("name").GetString() == endpoint.GetProperty("port").GetString());
            var podLabels = service.GetProperty("spec").GetProperty("selector").EnumerateObject()
                .ToDictionary(pair => pair.Name, pair => pair.Value.GetString()!);
            var deployment = Assert.Single(rendered.OfKind("Deployment"), item => podLabels.All(label =>
                RenderedOverlay.Labels(item.GetProperty("spec").GetProperty("template")).GetValueOrDefault(label.Key) == label.Value));
            var containerPorts = RenderedOverlay.ContainersOf(deployment.GetProperty("spec").GetProperty("template"))
                .SelectMany(container => RenderedOverlay.Array(container, "ports"))
                .Select(item => item.GetProperty("name").GetString()).ToList();
            Assert.Contains(port.GetProperty("targetPort").GetString(), containerPorts);
            scraped.Add(RenderedOverlay.NameOf(deployment));
        }

        Assert.Equal(["buildpeer-gateway", "buildpeer-silo"], scraped.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlay.Names), MemberType = typeof(RenderedOverlay))]
    public void Every_alert_waits_has_a_severity_explains_itself_and_points_to_its_runbook(string overlay)
    {
        var headings = File.ReadAllLines(Repository.PathOf("docs/operations.md"))
            .Where(line => line.StartsWith('#')).Select(Slug).ToHashSet(StringComparer.Ordinal);
        var rules = MonitoringObjects.AlertRules(RenderedOverlay.Of(overlay)).ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            var name = rule.GetProperty("alert").GetString();
            Assert.Matches("^[0-9]+[smh]$", rule.GetProperty("for").GetString());
            Assert.Contains(rule.GetProperty("labels").GetProperty("severity").GetString(), new[] { "warning", "critical" });
            var annotations = rule.GetProperty("annotations");
            Assert.False(string.IsNullOrWhiteSpace(annotations.GetProperty("summary").GetString()), $"{name} has no summary.");
            Assert.False(string.IsNullOrWhiteSpace(annotations.GetProperty("description").GetString()), $"{name} has no description.");
            var runbook = annotations.GetProperty("runbook_url").GetString()!;
            Assert.StartsWith("docs/operations.md#", runbook, StringComparison.Ordinal);
            Assert.True(headings.Contains(runbook.Split('#')[1]), $"{name}: docs/operations.md has no heading for {runbook}.");
        });
    }

    [Fact]
    public void The_alerts_watch_what_the_operations_guide_asks_for()
    {
        var metrics = PromQl.Parse(MonitoringObjects.AlertQueries(RenderedOverlay.Of("production")))
            .SelectMany(query => query.Metrics).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(StringComparer.Ordinal)
        {
            "buildpeer_intake_queue_lag_seconds_bucket", "buildpeer_intake_queue_messages", "buildpeer_processing_retries_total",
            "buildpeer_processing_failures_total", "buildpeer_health_status", "buildpeer_uploads_objects_rescanned_total",
        }, metrics);
    }

    [Fact]
    public void Every_alert_and_panel_query_parses_and_selects_only_series_the_hosts_export()
    {
        var queries = MonitoringObjects.AlertQueries(RenderedOverlay.Of("production"))
            .Concat(MonitoringObjects.PanelQueries(MonitoringObjects.Dashboard())).ToList();
        var exported = ServiceInstruments.SeriesNames;

        var parsed = PromQl.Parse(queries);

        Assert.All(parsed, query =>
        {
            Assert.True(query.Errors.Count == 0, $"{query.Expr}\n{string.Join('\n', query.Errors)}");
            Assert.NotEmpty(query.Metrics);
            Assert.All(query.Metrics, metric => Assert.True(exported.Contains(metric),
                $"{metric} (in {query.Expr}) is no series of the hosts; they export:\n{string.Join('\n', exported.Order(StringComparer.Ordinal))}"));
        });
    }

    [Fact]
    public void A_parse_error_in_a_query_is_reported()
    {
        var parsed = PromQl.Parse(["sum(rate(buildpeer_processing_retries_total[5m]) by"]);

        Assert.NotEmpty(Assert.Single(parsed).Errors);
    }

    [Fact]
    public void The_exporter_names_follow_the_instruments_units_and_kinds()
    {
        var names = ServiceInstruments.SeriesNames;

        Assert.Contains("buildpeer_intake_queue_lag_seconds_bucket", names);
        Assert.Contains("buildpeer_processing_failures_total", names);
        Assert.Contains("buildpeer_intake_queue_messages", names);
        Assert.Contains("buildpeer_health_status", names);
        Assert.DoesNotContain("buildpeer_processing_failures", names);
    }

    [Fact]
    public void The_dashboard_is_templated_laid_out_without_overlap_and_filtered_by_namespace()
    {
        var dashboard = MonitoringObjects.Dashboard();
        var variables = RenderedOverlay.Array(dashboard.GetProperty("templating"), "list")
            .ToDictionary(variable => variable.GetProperty("name").GetString()!, variable => variable.GetProperty("type").GetString());
        var panels = MonitoringObjects.Panels(dashboard).ToList();

        Assert.Equal("datasource", variables["datasource"]);
        Assert.Equal("query", variables["namespace"]);
        Assert.Equal(panels.Count, panels.Select(panel => panel.GetProperty("id").GetInt32()).Distinct().Count());
        var cells = new HashSet<(int, int)>();
        foreach (var panel in panels)
        {
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            var grid = panel.GetProperty("gridPos");
            var (x, y, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.InRange(x + w, 1, 24);
            for (var column = x; column < x + w; column++)
            {
                for (var row = y; row < y + h; row++)
                {
                    Assert.True(cells.Add((column, row)), $"{panel.GetProperty("title")} overlaps another panel at {column},{row}.");
                }
            }
        }

        Assert.All(MonitoringObjects.PanelQueries(dashboard), query => Assert.Contains("namespace=\"$namespace\"", query, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlay.Names), MemberType = typeof(RenderedOverlay))]
    public void The_dashboard_ships_as_a_config_map_for_the_grafana_sidecar(string overlay)
    {
        var configMap = RenderedOverlay.Of(overlay).Single("ConfigMap", "buildpeer-grafana-dashboard");

        Assert.Equal("1", RenderedOverlay.Labels(configMap)["grafana_dashboard"]);
        var shipped = configMap.GetProperty("data").GetProperty("buildpeer-uploads.json").GetString()!;
        Assert.Equal(File.ReadAllText(Repository.PathOf(MonitoringObjects.DashboardFile)), shipped);
        Assert.Equal("buildpeer-uploads", JsonDocument.Parse(shipped).RootElement.GetProperty("uid").GetString());
    }

    [Fact]
    public void The_validation_refuses_a_service_monitor_that_breaks_its_schema()
    {
        RenderedOverlay.Of("dev"); // installs the validators if needed
        var validate = new System.Diagnostics.ProcessStartInfo("node", [Repository.PathOf("deploy/validate/validate.mjs")])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var node = System.Diagnostics.Process.Start(validate)!;
        node.StandardInput.Write("apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: x}\nspec: {selector: {}, endpoints: [{port: 8080}]}\n");
        node.StandardInput.Close();
        var errors = node.StandardError.ReadToEnd();
        node.WaitForExit();

        Assert.Equal(1, node.ExitCode);
        Assert.Contains("endpoints/0/port must be string", errors, StringComparison.Ordinal);
    }

    /// <summary>The anchor GitHub and most Markdown renderers give a heading.</summary>
    private static string Slug(string heading) =>
        NotSlug().Replace(heading.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex("[^a-z0-9 _-]")]
    private static partial Regex NotSlug();
}
