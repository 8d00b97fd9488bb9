using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Hosting.Kubernetes;
using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>The manifests agree with the code and with one another on what makes a working cluster.</summary>
public sealed partial class SiloClusterTests
{
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Every_setting_of_the_silo_and_the_gateway_binds_to_an_option_of_their_code(string overlay)
    {
        var rendered = Of(overlay);
        var hosts = new[] { ("buildpeer-silo", "silo", OptionKeys.Silo), ("buildpeer-gateway", "gateway", OptionKeys.Gateway) };
        foreach (var (deployment, container, keys) in hosts)
        {
            var problems = rendered.Environment(rendered.Container(deployment, container))
                .Where(variable => !NotAnOption(variable.Name))
                .Select(variable => keys.Problem(variable.Name, variable.Value))
                .OfType<string>()
                .ToList();
            Assert.True(problems.Count == 0, $"{overlay}, {deployment}:\n{string.Join('\n', problems)}");
        }
    }

    [Fact]
    public void The_option_check_catches_a_misspelt_key_and_a_value_of_the_wrong_type()
    {
        Assert.True(OptionKeys.Silo.Sections.Count >= 10);
        Assert.Null(OptionKeys.Silo.Problem("Sqs__VisibilityTimeout", "00:00:30"));
        Assert.Null(OptionKeys.Silo.Problem("Orleans__Membership__ProbeTimeout", "00:00:02"));
        Assert.NotNull(OptionKeys.Silo.Problem("Sqs__VisiblityTimeout", "00:00:30"));
        Assert.NotNull(OptionKeys.Silo.Problem("Sqs__VisibilityTimeout", "thirty seconds"));
        Assert.NotNull(OptionKeys.Silo.Problem("Orleans__Endpoints__SiloPort", "eleven"));
        Assert.NotNull(OptionKeys.Gateway.Problem("Sqs__UploadEventsQueueName", "upload-events"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Silo_pods_name_the_cluster_the_silos_and_the_gateway_are_configured_for(string overlay)
    {
        var rendered = Of(overlay);
        var template = rendered.Single("Deployment", "buildpeer-silo").GetProperty("spec").GetProperty("template");
        var labels = Labels(template);
        var silo = rendered.Environment(rendered.Container("buildpeer-silo", "silo")).ToDictionary(v => v.Name, v => v.Value);
        var gateway = rendered.Environment(rendered.Container("buildpeer-gateway", "gateway")).ToDictionary(v => v.Name, v => v.Value);

        Assert.Equal(labels[KubernetesHostingOptions.ClusterIdLabel], silo["Orleans__ClusterId"]);
        Assert.Equal(labels[KubernetesHostingOptions.ServiceIdLabel], silo["Orleans__ServiceId"]);
        Assert.Equal(silo["Orleans__ClusterId"], gateway["Orleans__ClusterId"]);
        Assert.Equal(silo["Orleans__ServiceId"], gateway["Orleans__ServiceId"]);
        Assert.Equal("true", silo["Orleans__Kubernetes__Enabled"]);
        Assert.Equal(template.GetProperty("spec").GetProperty("serviceAccountName").GetString(), RoleSubject(rendered));

        var downward = Array(rendered.Container("buildpeer-silo", "silo"), "env")
            .Where(variable => variable.TryGetProperty("valueFrom", out var from) && from.TryGetProperty("fieldRef", out _))
            .ToDictionary(variable => variable.GetProperty("name").GetString()!,
                variable => variable.GetProperty("valueFrom").GetProperty("fieldRef").GetProperty("fieldPath").GetString());
        Assert.Equal("metadata.name", downward[KubernetesHostingOptions.PodNameEnvironmentVariable]);
        Assert.Equal("metadata.namespace", downward[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]);
        Assert.Equal("status.podIP", downward[KubernetesHostingOptions.PodIPEnvironmentVariable]);
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", downward[KubernetesHostingOptions.ClusterIdEnvironmentVariable]);
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']", downward[KubernetesHostingOptions.ServiceIdEnvironmentVariable]);

        // The silo tells the cluster its pod IP; $(POD_IP) expands only if POD_IP is defined before it.
        var order = rendered.Environment(rendered.Container("buildpeer-silo", "silo")).Select(v => v.Name).ToList();
        Assert.Equal("$(POD_IP)", silo["Orleans__Endpoints__AdvertisedIPAddress"]);
        Assert.True(order.IndexOf(KubernetesHostingOptions.PodIPEnvironmentVariable) < order.IndexOf("Orleans__Endpoints__AdvertisedIPAddress"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_silo_role_lets_Orleans_watch_label_and_remove_the_silo_pods(string overlay)
    {
        var rendered = Of(overlay);
        var rules = Array(rendered.Single("Role", "buildpeer-silo-pods"), "rules").ToList();
        var verbs = rules.Where(rule => Array(rule, "resources").Any(resource => resource.GetString() == "pods"))
            .SelectMany(rule => Array(rule, "verbs")).Select(verb => verb.GetString()).ToHashSet();

        Assert.Superset(new HashSet<string?> { "get", "list", "watch", "patch", "delete" }, verbs);
        Assert.Equal("buildpeer-silo-pods", rendered.Single("RoleBinding", "buildpeer-silo-pods").GetProperty("roleRef").GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_silo_container_exposes_the_Orleans_ports_it_is_configured_with(string overlay)
    {
        var rendered = Of(overlay);
        var container = rendered.Container("buildpeer-silo", "silo");
        var settings = rendered.Environment(container).ToDictionary(v => v.Name, v => v.Value);
        var ports = Array(container, "ports").ToDictionary(port => port.GetProperty("name").GetString()!, port => port.GetProperty("containerPort").GetInt32());

        Assert.Equal(int.Parse(settings["Orleans__Endpoints__SiloPort"]!, CultureInfo.InvariantCulture), ports["silo"]);
        Assert.Equal(int.Parse(settings["Orleans__Endpoints__GatewayPort"]!, CultureInfo.InvariantCulture), ports["orleans-gateway"]);
        Assert.Equal($"http://+:{ports["http"]}", settings["Urls"]);
        Assert.Equal($"http://+:{Array(rendered.Container("buildpeer-gateway", "gateway"), "ports").Single().GetProperty("containerPort").GetInt32()}",
            rendered.Environment(rendered.Container("buildpeer-gateway", "gateway")).Single(v => v.Name == "Urls").Value);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Clamd_reads_every_file_the_service_accepts_and_the_silos_reach_it(string overlay)
    {
        var rendered = Of(overlay);
        var silo = rendered.Environment(rendered.Container("buildpeer-silo", "silo")).ToDictionary(v => v.Name, v => v.Value);
        var clamd = ClamdSettings(rendered.Single("ConfigMap", "buildpeer-clamav-config").GetProperty("data").GetProperty("clamd.conf").GetString()!);
        var maxFile = long.Parse(silo["Uploads__MaxFileSizeBytes"]!, CultureInfo.InvariantCulture);

        Assert.Equal(maxFile, Bytes(clamd["StreamMaxLength"]));
        Assert.True(Bytes(clamd["MaxFileSize"]) >= maxFile && Bytes(clamd["MaxScanSize"]) >= maxFile, "clamd would answer OK for data it did not scan.");
        Assert.Equal("yes", clamd["AlertExceedsMax"]);
        Assert.True(long.Parse(silo["Clamd__MaxStreamBytes"]!, CultureInfo.InvariantCulture) >= maxFile);

        var service = rendered.Single("Service", silo["Clamd__Host"]!);
        Assert.Contains(Array(service.GetProperty("spec"), "ports"), port => port.GetProperty("port").GetInt32().ToString(CultureInfo.InvariantCulture) == silo["Clamd__Port"]);
        Assert.Equal(clamd["TCPSocket"], silo["Clamd__Port"]);
        var freshclam = rendered.Container("buildpeer-clamav", "freshclam");
        Assert.Contains("--daemon", Array(freshclam, "command").Select(part => part.GetString()));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_migration_job_gives_the_migrator_the_connection_string_under_the_name_it_reads(string overlay)
    {
        var job = Of(overlay).Single("Job", "buildpeer-migrate");
        var container = ContainersOf(job.GetProperty("spec").GetProperty("template")).Single();
        var variable = Array(container, "env").Single().GetProperty("name").GetString()!;

        // The migrator names the variable it reads when it finds none.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BuildPeer.Migrations.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment.Remove(variable);
        using var migrator = Process.Start(start)!;
        var errors = migrator.StandardError.ReadToEnd();
        migrator.WaitForExit();

        Assert.Equal(2, migrator.ExitCode);
        Assert.Contains($"set {variable}", errors, StringComparison.Ordinal);
        Assert.Equal("OnFailure", job.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("restartPolicy").GetString());
    }

    /// <summary>Variables that are no options: the runtime's, the AWS SDK's, Orleans Kubernetes hosting's.</summary>
    private static bool NotAnOption(string name) => name is "ASPNETCORE_ENVIRONMENT" or "Urls" or "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY"
        or KubernetesHostingOptions.PodNameEnvironmentVariable or KubernetesHostingOptions.PodNamespaceEnvironmentVariable
        or KubernetesHostingOptions.PodIPEnvironmentVariable or KubernetesHostingOptions.ClusterIdEnvironmentVariable
        or KubernetesHostingOptions.ServiceIdEnvironmentVariable;

    private static string? RoleSubject(RenderedOverlay rendered) =>
        Array(rendered.Single("RoleBinding", "buildpeer-silo-pods"), "subjects").Single().GetProperty("name").GetString();

    private static Dictionary<string, string> ClamdSettings(string conf) => conf.Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split(' ', 2))
        .ToDictionary(parts => parts[0], parts => parts[1].Trim());

    /// <summary>clamd's sizes: a number with an optional K or M suffix (binary multiples).</summary>
    private static long Bytes(string size)
    {
        var match = ClamdSize().Match(size);
        Assert.True(match.Success, $"'{size}' is not a clamd size.");
        var number = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value.ToUpperInvariant() switch
        {
            "K" => number * 1024,
            "M" => number * 1024 * 1024,
            _ => number,
        };
    }

    [GeneratedRegex("^([0-9]+)([KkMm]?)$")]
    private static partial Regex ClamdSize();
}
