using System.Text.Json;
using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>What one object names in another exists there: secrets and their keys, config maps, selected pods, ports.</summary>
public sealed class ReferenceTests
{
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Every_secret_key_and_config_map_a_pod_reads_exists(string overlay)
    {
        var rendered = Of(overlay);
        var secretKeys = SecretKeys(rendered);
        var references = 0;
        foreach (var (owner, container) in rendered.Containers)
        {
            foreach (var variable in Array(container, "env"))
            {
                if (!variable.TryGetProperty("valueFrom", out var from))
                {
                    continue;
                }

                if (from.TryGetProperty("secretKeyRef", out var secret) && !IsOptional(secret))
                {
                    var (name, key) = (secret.GetProperty("name").GetString()!, secret.GetProperty("key").GetString()!);
                    Assert.True(secretKeys.TryGetValue(name, out var keys) && keys.Contains(key),
                        $"{overlay}: {owner} reads key {key} of Secret {name}, which {(keys is null ? "does not exist" : "lacks it")}.");
                    references++;
                }

                if (from.TryGetProperty("configMapKeyRef", out var configKey) && !IsOptional(configKey))
                {
                    var configMap = rendered.Single("ConfigMap", configKey.GetProperty("name").GetString()!);
                    Assert.True(configMap.GetProperty("data").TryGetProperty(configKey.GetProperty("key").GetString()!, out _));
                }
            }

            foreach (var source in Array(container, "envFrom"))
            {
                if (source.TryGetProperty("configMapRef", out var configMap))
                {
                    rendered.Single("ConfigMap", configMap.GetProperty("name").GetString()!);
                    references++;
                }
            }
        }

        foreach (var (owner, template) in rendered.PodTemplates)
        {
            foreach (var volume in Array(template.GetProperty("spec"), "volumes"))
            {
                if (volume.TryGetProperty("configMap", out var configMap))
                {
                    Assert.True(rendered.Has("ConfigMap", configMap.GetProperty("name").GetString()!), $"{overlay}: {owner} mounts a missing ConfigMap.");
                }
            }
        }

        Assert.True(references >= 5, $"{overlay}: only {references} references found; the walk is broken.");
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Services_select_pods_that_expose_their_target_ports(string overlay)
    {
        var rendered = Of(overlay);
        foreach (var service in rendered.OfKind("Service"))
        {
            var spec = service.GetProperty("spec");
            var selector = spec.GetProperty("selector").EnumerateObject().ToDictionary(pair => pair.Name, pair => pair.Value.GetString());
            var pods = rendered.PodTemplates.Where(pod => selector.All(label => Labels(pod.Template).TryGetValue(label.Key, out var value) && value == label.Value)).ToList();
            Assert.True(pods.Count == 1, $"{overlay}: Service {NameOf(service)} selects {pods.Count} workloads.");
            var ports = ContainersOf(pods[0].Template).SelectMany(container => Array(container, "ports")).ToList();
            foreach (var port in Array(spec, "ports"))
            {
                var target = port.GetProperty("targetPort");
                Assert.True(ports.Any(declared => target.ValueKind == JsonValueKind.String
                        ? declared.TryGetProperty("name", out var name) && name.GetString() == target.GetString()
                        : declared.GetProperty("containerPort").GetInt32() == target.GetInt32()),
                    $"{overlay}: Service {NameOf(service)} targets port {target}, which {pods[0].Owner} does not declare.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Probes_use_ports_their_container_declares_and_the_hosts_probe_their_health_endpoints(string overlay)
    {
        var rendered = Of(overlay);
        foreach (var (owner, container) in rendered.Containers)
        {
            var declared = Array(container, "ports").ToList();
            foreach (var kind in (string[])["startupProbe", "livenessProbe", "readinessProbe"])
            {
                if (!container.TryGetProperty(kind, out var probe))
                {
                    continue;
                }

                var action = probe.TryGetProperty("httpGet", out var http) ? http : probe.TryGetProperty("tcpSocket", out var tcp) ? tcp : default;
                if (action.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var port = action.GetProperty("port");
                Assert.True(declared.Any(item => port.ValueKind == JsonValueKind.String
                        ? item.TryGetProperty("name", out var name) && name.GetString() == port.GetString()
                        : item.GetProperty("containerPort").GetInt32() == port.GetInt32()),
                    $"{overlay}: {owner} {kind} probes port {port}, which its container does not declare.");
            }
        }

        foreach (var (deployment, container) in ((string, string)[])[("buildpeer-silo", "silo"), ("buildpeer-gateway", "gateway")])
        {
            var host = rendered.Container(deployment, container);
            Assert.Equal("/health/live", host.GetProperty("livenessProbe").GetProperty("httpGet").GetProperty("path").GetString());
            Assert.Equal("/health/live", host.GetProperty("startupProbe").GetProperty("httpGet").GetProperty("path").GetString());
            Assert.Equal("/health/ready", host.GetProperty("readinessProbe").GetProperty("httpGet").GetProperty("path").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Autoscalers_scale_deployments_whose_containers_request_the_cpu_they_measure(string overlay)
    {
        var rendered = Of(overlay);
        Assert.NotEmpty(rendered.OfKind("HorizontalPodAutoscaler"));
        foreach (var autoscaler in rendered.OfKind("HorizontalPodAutoscaler"))
        {
            var spec = autoscaler.GetProperty("spec");
            var target = spec.GetProperty("scaleTargetRef");
            var deployment = rendered.Single(target.GetProperty("kind").GetString()!, target.GetProperty("name").GetString()!);
            Assert.InRange(spec.GetProperty("minReplicas").GetInt32(), 1, spec.GetProperty("maxReplicas").GetInt32());
            Assert.All(ContainersOf(deployment.GetProperty("spec").GetProperty("template")),
                container => Assert.True(container.GetProperty("resources").GetProperty("requests").TryGetProperty("cpu", out _),
                    $"{overlay}: {NameOf(deployment)} is scaled on CPU utilisation but {container.GetProperty("name")} requests no CPU."));
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Each_disruption_budget_selects_exactly_one_workload_and_the_silos_have_one(string overlay)
    {
        var rendered = Of(overlay);
        var budgeted = new List<string>();
        foreach (var budget in rendered.OfKind("PodDisruptionBudget"))
        {
            var selector = budget.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels").EnumerateObject()
                .ToDictionary(pair => pair.Name, pair => pair.Value.GetString());
            var selected = rendered.PodTemplates.Where(pod => selector.All(label => Labels(pod.Template).TryGetValue(label.Key, out var value) && value == label.Value)).ToList();
            Assert.True(selected.Count == 1, $"{overlay}: PodDisruptionBudget {NameOf(budget)} selects {selected.Count} workloads.");
            budgeted.Add(selected[0].Owner);
        }

        Assert.Contains("Deployment buildpeer-silo", budgeted);
        Assert.Contains("Deployment buildpeer-gateway", budgeted);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_ingress_sends_its_hosts_to_the_gateway_service_port(string overlay)
    {
        var rendered = Of(overlay);
        var ingress = rendered.Single("Ingress", "buildpeer-gateway");
        foreach (var rule in Array(ingress.GetProperty("spec"), "rules"))
        {
            Assert.Contains(rule.GetProperty("host").GetString(), Array(ingress.GetProperty("spec"), "tls").SelectMany(tls => Array(tls, "hosts")).Select(host => host.GetString()));
            foreach (var path in Array(rule.GetProperty("http"), "paths"))
            {
                var backend = path.GetProperty("backend").GetProperty("service");
                var service = rendered.Single("Service", backend.GetProperty("name").GetString()!);
                Assert.Contains(Array(service.GetProperty("spec"), "ports"), port => port.GetProperty("name").GetString() == backend.GetProperty("port").GetProperty("name").GetString());
            }
        }
    }

    /// <summary>The keys each Secret will hold: its data, or what an ExternalSecret writes into it.</summary>
    internal static Dictionary<string, HashSet<string>> SecretKeys(RenderedOverlay rendered)
    {
        var keys = rendered.OfKind("Secret").ToDictionary(NameOf, secret =>
            secret.TryGetProperty("data", out var data) ? data.EnumerateObject().Select(pair => pair.Name).ToHashSet() : []);
        foreach (var external in rendered.OfKind("ExternalSecret"))
        {
            var spec = external.GetProperty("spec");
            var target = spec.TryGetProperty("target", out var targetSpec) && targetSpec.TryGetProperty("name", out var targetName)
                ? targetName.GetString()! : NameOf(external);
            keys[target] = [.. Array(spec, "data").Select(item => item.GetProperty("secretKey").GetString()!)];
        }

        return keys;
    }

    private static bool IsOptional(JsonElement reference) => reference.TryGetProperty("optional", out var optional) && optional.GetBoolean();
}
