using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>What the world and the other pods can reach: the Ingress and the NetworkPolicies.</summary>
public sealed class ExposureTests
{
    private const string Gateway = "buildpeer-gateway";
    private const string Silo = "buildpeer-silo";
    private const string ClamAv = "buildpeer-clamav";

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void The_ingress_routes_the_api_and_the_page_files_and_nothing_else(string overlay)
    {
        var ingress = Of(overlay).Single("Ingress", Gateway);
        var routed = Array(ingress.GetProperty("spec"), "rules")
            .SelectMany(rule => Array(rule.GetProperty("http"), "paths"))
            .Select(path => (Path: path.GetProperty("path").GetString()!, Type: path.GetProperty("pathType").GetString()!))
            .ToList();

        var webRoot = Repository.PathOf("src/Gateway/wwwroot");
        // The vendored SDK is a generated folder of modules (scripts/vendor-sdk.sh): routed as one prefix.
        const string VendoredSdk = "/vendor/buildpeer-uploads-client";
        var pageFiles = Directory.GetFiles(webRoot, "*", SearchOption.AllDirectories)
            .Select(file => "/" + Path.GetRelativePath(webRoot, file).Replace('\\', '/'))
            .Where(file => !file.StartsWith(VendoredSdk + "/", StringComparison.Ordinal))
            .Select(file => (file, "Exact"));
        Assert.NotEmpty(Directory.GetFiles(webRoot + VendoredSdk, "*.js", SearchOption.AllDirectories));
        (string, string)[] prefixes = [("/api", "Prefix"), (BuildPeer.Gateway.Auth.HubRequest.Path, "Prefix"), (VendoredSdk, "Prefix")];
        var expected = prefixes.Concat([("/", "Exact"), (BuildPeer.Gateway.Browser.AdminPage.Path, "Exact")]).Concat(pageFiles).Order().ToList();
        Assert.Equal(expected, routed.Order().ToList());
        Assert.DoesNotContain(routed, path => path.Type == "Prefix" && !prefixes.Contains((path.Path, path.Type)));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Pods_reach_only_the_ports_their_role_needs(string overlay)
    {
        var policies = new NetworkPolicies(Of(overlay));

        Assert.True(policies.Allows(Gateway, Silo, 30000), "gateway → silo client port");
        Assert.True(policies.Allows(Silo, Silo, 11111), "silo → silo");
        Assert.True(policies.Allows(Silo, ClamAv, 3310), "silo → clamd");

        Assert.False(policies.Allows(Gateway, Silo, 11111), "gateway → silo-to-silo port");
        Assert.False(policies.Allows(Gateway, ClamAv, 3310), "gateway → clamd");
        Assert.False(policies.Allows(Gateway, Silo, 8080), "gateway → silo dashboard and metrics");
        Assert.False(policies.Allows(ClamAv, Silo, 30000), "clamd → silo");
        Assert.False(policies.Allows(Silo, Gateway, 8080), "silo → gateway");
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void A_default_deny_covers_every_pod_and_each_policy_selects_a_workload(string overlay)
    {
        var rendered = Of(overlay);
        var policies = new NetworkPolicies(rendered);
        var denyAll = rendered.Single("NetworkPolicy", "buildpeer-default-deny-ingress");
        Assert.Equal(rendered.PodTemplates.Select(pod => pod.Owner).Order(), policies.Selected(denyAll).Order());
        foreach (var policy in rendered.OfKind("NetworkPolicy"))
        {
            Assert.NotEmpty(policies.Selected(policy));
        }
    }
}
