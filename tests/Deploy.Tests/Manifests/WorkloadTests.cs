using System.Text.Json;
using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>What every pod needs to be scheduled sensibly and safely.</summary>
public sealed class WorkloadTests
{
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Every_container_runs_a_pinned_image_with_cpu_and_memory_requests_and_a_memory_limit(string overlay)
    {
        foreach (var (owner, container) in Of(overlay).Containers)
        {
            var image = container.GetProperty("image").GetString()!;
            var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf('/') + 1)..].Split(':').ElementAtOrDefault(1);
            Assert.False(tag is null or "latest", $"{overlay}: {owner} runs {image}, which names no version.");
            Assert.DoesNotContain("buildpeer-", image.Split('/')[0], StringComparison.Ordinal); // the overlay maps it to a registry

            var resources = container.GetProperty("resources");
            Assert.True(resources.GetProperty("requests").TryGetProperty("cpu", out _), $"{overlay}: {owner} {container.GetProperty("name")} requests no CPU.");
            Assert.True(resources.GetProperty("requests").TryGetProperty("memory", out _), $"{overlay}: {owner} {container.GetProperty("name")} requests no memory.");
            Assert.True(resources.GetProperty("limits").TryGetProperty("memory", out _), $"{overlay}: {owner} {container.GetProperty("name")} has no memory limit.");
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Every_pod_runs_as_a_non_root_user_without_privilege_escalation(string overlay)
    {
        var rendered = Of(overlay);
        foreach (var (owner, template) in rendered.PodTemplates)
        {
            var security = template.GetProperty("spec").GetProperty("securityContext");
            Assert.True(security.GetProperty("runAsNonRoot").GetBoolean(), $"{overlay}: {owner} may run as root.");
            Assert.NotEqual(0, security.GetProperty("runAsUser").GetInt32());
            Assert.All(ContainersOf(template), container =>
                Assert.False(container.GetProperty("securityContext").GetProperty("allowPrivilegeEscalation").GetBoolean()));
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_hosts_wait_before_shutting_down_and_have_time_to_shut_down_gracefully(string overlay)
    {
        var rendered = Of(overlay);
        foreach (var (deployment, container) in ((string, string)[])[("buildpeer-silo", "silo"), ("buildpeer-gateway", "gateway")])
        {
            var spec = rendered.Single("Deployment", deployment).GetProperty("spec").GetProperty("template").GetProperty("spec");
            var preStop = rendered.Container(deployment, container).GetProperty("lifecycle").GetProperty("preStop").GetProperty("exec")
                .GetProperty("command").EnumerateArray().Select(part => part.GetString()).ToList();
            Assert.Equal("sleep", preStop[0]);
            var sleep = int.Parse(preStop[1]!, System.Globalization.CultureInfo.InvariantCulture);
            // The grace period covers the pre-stop pause plus the host's own shutdown (30 s by default).
            Assert.True(spec.GetProperty("terminationGracePeriodSeconds").GetInt32() >= sleep + 25,
                $"{overlay}: {deployment} is killed before its graceful shutdown can finish.");
        }

        var silo = rendered.Single("Deployment", "buildpeer-silo").GetProperty("spec");
        Assert.Equal(0, silo.GetProperty("strategy").GetProperty("rollingUpdate").GetProperty("maxUnavailable").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_silo_has_no_cpu_limit_to_be_throttled_into_missed_membership_probes(string overlay)
    {
        var silo = Of(overlay).Container("buildpeer-silo", "silo").GetProperty("resources");

        Assert.False(silo.GetProperty("limits").TryGetProperty("cpu", out _));
        Assert.Equal(JsonValueKind.String, silo.GetProperty("requests").GetProperty("cpu").ValueKind);
    }
}
