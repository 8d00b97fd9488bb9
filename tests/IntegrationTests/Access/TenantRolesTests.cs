using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BuildPeer.Gateway.Auth;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Access;

/// <summary>Tenant admin is granted per tenant in the token (<c>{tenant}:admin</c>); operator is platform-wide.</summary>
[Collection(ServiceHostsCollection.Name)]
public class TenantRolesTests(ServiceHostsFixture hosts)
{
    private HttpClient Client(string tenantHeader, params string[] roleClaims)
    {
        var client = hosts.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            hosts.Tokens.IssueWithRoleClaims("boss", ["acme", "globex"], roleClaims, TimeSpan.FromMinutes(5)));
        client.DefaultRequestHeaders.Add(TenantMembershipRequirement.HeaderName, tenantHeader);
        return client;
    }

    private static Task<HttpResponseMessage> CreateProjectAsync(HttpClient client) =>
        client.PostAsJsonAsync("api/projects", new { projectId = $"r-{Guid.NewGuid():N}"[..20], name = "Roles" });

    [Fact]
    public async Task An_admin_of_acme_is_an_admin_in_acme_only_even_with_globex_in_the_same_token()
    {
        using var inAcme = Client("acme", "acme:admin");
        using var inGlobex = Client("globex", "acme:admin");

        Assert.Equal(HttpStatusCode.Created, (await CreateProjectAsync(inAcme)).StatusCode);
        await ProblemAssert.IsProblemAsync(await CreateProjectAsync(inGlobex), HttpStatusCode.Forbidden, "not_permitted");
    }

    [Fact]
    public async Task A_bare_admin_role_claim_grants_no_tenant()
    {
        using var client = Client("acme", "admin");

        await ProblemAssert.IsProblemAsync(await CreateProjectAsync(client), HttpStatusCode.Forbidden, "not_permitted");
    }

    [Fact]
    public async Task Operator_is_platform_wide_but_is_not_a_tenant_admin()
    {
        using var inGlobex = Client("globex", "operator");

        Assert.Equal(HttpStatusCode.OK, (await inGlobex.GetAsync("api/admin/dead-letters")).StatusCode);
        await ProblemAssert.IsProblemAsync(await CreateProjectAsync(inGlobex), HttpStatusCode.Forbidden, "not_permitted");
    }
}
