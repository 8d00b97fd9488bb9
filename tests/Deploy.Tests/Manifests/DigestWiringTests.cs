using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>The email digest is configured everywhere, and on wherever its SMTP relay and login are given.</summary>
public sealed class DigestWiringTests
{
    [Theory]
    [InlineData("dev", false)]
    [InlineData("production", true)]
    public void The_digest_is_on_where_the_overlay_gives_its_relay_and_login(string overlay, bool enabled)
    {
        var rendered = Of(overlay);
        var silo = rendered.Container("buildpeer-silo", "silo");
        var settings = rendered.Environment(silo).Where(variable => variable.Value is not null)
            .ToDictionary(variable => variable.Name, variable => variable.Value!);

        foreach (var key in (string[])["Digest__QueueName", "Digest__Period", "Digest__From", "Digest__SmtpPort", "Digest__UseStartTls"])
        {
            Assert.True(settings.ContainsKey(key), $"{overlay}: the silo has no {key}.");
        }

        Assert.Equal(enabled ? "true" : "false", settings["Digest__Enabled"]);
        var secrets = rendered.SecretKeys();
        foreach (var login in (string[])["Digest__Username", "Digest__Password"])
        {
            var reference = Array(silo, "env").Single(variable => variable.GetProperty("name").GetString() == login)
                .GetProperty("valueFrom").GetProperty("secretKeyRef");
            Assert.Equal(login, reference.GetProperty("key").GetString());
            var secret = reference.GetProperty("name").GetString()!;
            Assert.True(!enabled || secrets[secret].Contains(login), $"{overlay} enables the digest but Secret {secret} has no {login}.");
        }

        Assert.True(!enabled || settings.TryGetValue("Digest__SmtpHost", out var host) && host.Length > 0,
            $"{overlay} enables the digest without Digest__SmtpHost.");
    }
}
