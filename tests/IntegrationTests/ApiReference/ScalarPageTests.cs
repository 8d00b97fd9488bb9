using System.Net;
using System.Text.RegularExpressions;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.ApiReference;

/// <summary>The API reference at /scalar: public, reading the gateway's own document, and complete without the internet.</summary>
[Collection(ServiceHostsCollection.Name)]
public partial class ScalarPageTests(ServiceHostsFixture hosts)
{
    [Fact]
    public async Task The_reference_is_served_without_a_token_and_reads_the_gateways_document_with_bearer_auth()
    {
        using var client = hosts.CreateAnonymousClient();

        var response = await client.GetAsync("scalar");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // Scalar resolves a relative source against the path the reference is mounted under: /openapi/v1.json.
        Assert.Contains("\"url\":\"openapi/v1.json\"", page, StringComparison.Ordinal);
        Assert.Contains("\"preferredSecurityScheme\":[\"Bearer\"]", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_script_and_stylesheet_of_the_page_comes_from_the_gateway()
    {
        using var client = hosts.CreateAnonymousClient();
        var response = await client.GetAsync("scalar");
        var page = await response.Content.ReadAsStringAsync();
        var pageUri = response.RequestMessage!.RequestUri!;

        var assets = AssetReferences().Matches(page).Select(match => new Uri(pageUri, match.Groups["url"].Value)).ToList();

        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            Assert.True(asset.GetLeftPart(UriPartial.Authority) == hosts.GatewayAddress.GetLeftPart(UriPartial.Authority),
                $"{asset} is not served by the gateway: the reference would need the internet.");
            var served = await client.GetAsync(asset);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)served.StatusCode}.");
        }

        Assert.DoesNotMatch(ExternalAddress(), page);
    }

    [GeneratedRegex("""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["'](?<url>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReferences();

    /// <summary>Fonts or scripts from a CDN (Scalar's defaults) would leave the page broken offline.</summary>
    [GeneratedRegex(@"https?://(?!127\.0\.0\.1|localhost)[a-z0-9.-]*(?:scalar|jsdelivr|unpkg|googleapis|fonts)[a-z0-9.-]*", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalAddress();
}
