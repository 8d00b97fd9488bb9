using System.Net;
using System.Net.Http.Headers;
using BuildPeer.Gateway.Auth;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.IntegrationTests.Auth;

/// <summary>Every way a caller can fail to prove who it is, or where it may act, is refused with problem+json.</summary>
[Collection(ServiceHostsCollection.Name)]
public class AuthenticationTests(ServiceHostsFixture hosts)
{
    private static readonly string StatusPath = $"api/uploads/{Guid.NewGuid()}/status";

    [Fact]
    public async Task A_request_without_a_token_is_unauthorized()
    {
        using var client = hosts.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add(TenantMembershipRequirement.HeaderName, "acme");

        var response = await client.GetAsync(StatusPath);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "missing_token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_unauthorized()
    {
        var forged = hosts.Tokens.Issue("mallory", ["acme"], "uploader", TimeSpan.FromMinutes(5),
            signingKey: "not-the-gateway-key-but-just-as-long-0123456789");

        var response = await SendWithTokenAsync(forged, "acme");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_token_with_a_tampered_payload_is_unauthorized()
    {
        var token = hosts.Tokens.Issue("alice", ["acme"], "uploader", TimeSpan.FromMinutes(5));
        var parts = token.Split('.');
        var otherPayload = hosts.Tokens.Issue("alice", ["acme", "globex"], "uploader", TimeSpan.FromMinutes(5)).Split('.')[1];

        var response = await SendWithTokenAsync($"{parts[0]}.{otherPayload}.{parts[2]}", "globex");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task An_expired_token_is_unauthorized()
    {
        var issuer = IssuerFor(ServiceHostsFixture.Audience, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)));

        var response = await SendWithTokenAsync(issuer.Issue("alice", ["acme"], "uploader", TimeSpan.FromMinutes(10)), "acme");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_unauthorized()
    {
        var issuer = IssuerFor("some-other-api", TimeProvider.System);

        var response = await SendWithTokenAsync(issuer.Issue("alice", ["acme"], "uploader", TimeSpan.FromMinutes(10)), "acme");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_tenant_the_token_does_not_list_is_forbidden()
    {
        using var client = hosts.CreateClient("alice", tenantId: "globex", tokenTenants: ["acme", "initech"]);

        var response = await client.GetAsync(StatusPath);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "tenant_forbidden");
    }

    [Fact]
    public async Task A_request_without_a_tenant_header_is_a_bad_request()
    {
        var token = hosts.Tokens.Issue("alice", ["acme"], "uploader", TimeSpan.FromMinutes(5));

        var response = await SendWithTokenAsync(token, tenant: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "tenant_header_missing");
    }

    [Fact]
    public async Task Any_tenant_the_token_lists_is_accepted()
    {
        using var client = hosts.CreateClient("alice", tenantId: "initech", tokenTenants: ["acme", "initech"]);

        var response = await client.GetAsync(StatusPath);

        // Authenticated and authorised: the upload simply does not exist.
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "upload_not_found");
    }

    [Theory]
    [InlineData("health/live")]
    [InlineData("health/ready")]
    [InlineData("openapi/v1.json")]
    public async Task Health_and_the_OpenAPI_document_need_no_token(string path)
    {
        using var client = hosts.CreateAnonymousClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static DevTokenIssuer IssuerFor(string audience, TimeProvider time) => new(new AuthOptions
    {
        Issuer = ServiceHostsFixture.Issuer, Audience = audience, SigningKey = ServiceHostsFixture.SigningKey,
    }, time);

    private async Task<HttpResponseMessage> SendWithTokenAsync(string token, string? tenant)
    {
        using var client = hosts.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (tenant is not null)
        {
            client.DefaultRequestHeaders.Add(TenantMembershipRequirement.HeaderName, tenant);
        }

        return await client.GetAsync(StatusPath);
    }
}
