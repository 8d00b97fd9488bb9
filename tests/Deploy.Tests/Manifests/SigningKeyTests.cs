using System.Text;
using BuildPeer.Gateway.Auth;
using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>A signing key committed with the manifests is only ever a placeholder, which the gateway refuses to start with.</summary>
public sealed class SigningKeyTests
{
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(RenderedOverlay))]
    public void A_committed_signing_key_is_a_placeholder_the_gateway_refuses(string overlay)
    {
        var keys = Of(overlay).OfKind("Secret")
            .Where(secret => secret.TryGetProperty("data", out var data) && data.TryGetProperty("Auth__SigningKey", out _))
            .Select(secret => Encoding.UTF8.GetString(Convert.FromBase64String(secret.GetProperty("data").GetProperty("Auth__SigningKey").GetString()!)))
            .ToList();

        Assert.All(keys, key => Assert.True(SigningKeyPolicy.IsPublishedOrPlaceholder(key), $"{overlay} commits a signing key that looks real."));
    }
}
