namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>Each overlay renders, every object passes the schema of its kind, and the whole system is there.</summary>
public sealed class OverlayValidationTests
{
    [Theory]
    [MemberData(nameof(RenderedOverlay.Names), MemberType = typeof(RenderedOverlay))]
    public void Every_object_of_the_overlay_is_valid_and_every_part_is_deployed(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);

        foreach (var (kind, name) in ((string, string)[])[
            ("Deployment", "buildpeer-silo"), ("PodDisruptionBudget", "buildpeer-silo"), ("HorizontalPodAutoscaler", "buildpeer-silo"),
            ("ServiceAccount", "buildpeer-silo"), ("Role", "buildpeer-silo-pods"), ("RoleBinding", "buildpeer-silo-pods"),
            ("ConfigMap", "buildpeer-silo-config"),
            ("Deployment", "buildpeer-gateway"), ("Service", "buildpeer-gateway"), ("Ingress", "buildpeer-gateway"),
            ("HorizontalPodAutoscaler", "buildpeer-gateway"), ("PodDisruptionBudget", "buildpeer-gateway"), ("ConfigMap", "buildpeer-gateway-config"),
            ("Deployment", "buildpeer-clamav"), ("Service", "buildpeer-clamav"), ("ConfigMap", "buildpeer-clamav-config"),
            ("Job", "buildpeer-migrate"),
        ])
        {
            Assert.True(rendered.Has(kind, name), $"{overlay} has no {kind} {name}.");
        }

        Assert.Single(rendered.OfKind("Namespace"));
        Assert.All(rendered.Objects.Where(item => item.GetProperty("kind").GetString() != "Namespace"),
            item => Assert.Equal(RenderedOverlay.NameOf(rendered.OfKind("Namespace").Single()),
                item.GetProperty("metadata").GetProperty("namespace").GetString()));
    }

    [Fact]
    public void The_validation_refuses_an_object_that_breaks_its_schema()
    {
        var broken = new System.Diagnostics.ProcessStartInfo("node", [Repository.PathOf("deploy/validate/validate.mjs")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        RenderedOverlay.Of("dev"); // installs the validators if needed
        using var node = System.Diagnostics.Process.Start(broken)!;
        node.StandardInput.Write("apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: http}]}\n");
        node.StandardInput.Close();
        var errors = node.StandardError.ReadToEnd();
        node.WaitForExit();

        Assert.Equal(1, node.ExitCode);
        Assert.Contains("ports/0/port must be integer", errors, StringComparison.Ordinal);
    }
}
