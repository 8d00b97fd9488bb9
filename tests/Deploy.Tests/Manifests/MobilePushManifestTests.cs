using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>Where mobile push is on, the silo mounts a Secret that will hold the service account key it is told to read.</summary>
public sealed class MobilePushManifestTests
{
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void Push_enabled_silos_mount_an_existing_secret_with_the_key_at_the_credentials_path(string overlay)
    {
        var rendered = Of(overlay);
        var config = rendered.Single("ConfigMap", "buildpeer-silo-config").GetProperty("data");
        if (!config.TryGetProperty("MobilePush__Enabled", out var enabled) || enabled.GetString() != "true")
        {
            return;
        }

        Assert.True(config.TryGetProperty("MobilePush__ProjectId", out var projectId) && projectId.GetString()!.Length > 0,
            $"{overlay} enables push without MobilePush__ProjectId.");
        var path = config.GetProperty("MobilePush__CredentialsFile").GetString()!;
        var (folder, file) = (Path.GetDirectoryName(path)!, Path.GetFileName(path));
        var mount = Assert.Single(Array(rendered.Container("buildpeer-silo", "silo"), "volumeMounts"),
            mount => mount.GetProperty("mountPath").GetString() == folder);
        var template = rendered.Single("Deployment", "buildpeer-silo").GetProperty("spec").GetProperty("template");
        var volume = Assert.Single(Array(template.GetProperty("spec"), "volumes"),
            volume => volume.GetProperty("name").GetString() == mount.GetProperty("name").GetString());
        var secretName = volume.GetProperty("secret").GetProperty("secretName").GetString()!;

        Assert.True(rendered.SecretKeys().TryGetValue(secretName, out var keys) && keys.Contains(file),
            $"{overlay}: the silo reads {path}, but Secret {secretName} {(keys is null ? "does not exist" : $"has no key {file}")}.");
    }

    [Fact]
    public void Push_is_off_in_the_base_and_on_in_production()
    {
        static string? Enabled(string overlay) => Of(overlay).Single("ConfigMap", "buildpeer-silo-config").GetProperty("data")
            .TryGetProperty("MobilePush__Enabled", out var value) ? value.GetString() : null;

        Assert.Equal("false", Enabled("dev"));
        Assert.Equal("true", Enabled("production"));
    }
}
