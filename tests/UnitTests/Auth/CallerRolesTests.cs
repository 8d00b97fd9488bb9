using System.Security.Claims;
using BuildPeer.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace BuildPeer.UnitTests.Auth;

/// <summary>Tenant admin is a role per tenant in the token; operator is platform-wide.</summary>
public class CallerRolesTests
{
    private static async Task<Caller> BindAsync(string tenantHeader, params string[] roles)
    {
        var claims = new List<Claim> { new(BuildPeerClaims.Subject, "boss"), new(BuildPeerClaims.Tenants, "acme"), new(BuildPeerClaims.Tenants, "globex") };
        claims.AddRange(roles.Select(role => new Claim(BuildPeerClaims.Role, role)));
        var context = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test")) };
        context.Request.Headers[TenantMembershipRequirement.HeaderName] = tenantHeader;
        return (await Caller.BindAsync(context))!;
    }

    [Fact]
    public async Task An_admin_of_one_tenant_is_not_an_admin_of_another_tenant_of_the_same_token()
    {
        Assert.True((await BindAsync("acme", "acme:admin")).IsTenantAdmin);
        Assert.False((await BindAsync("globex", "acme:admin")).IsTenantAdmin);
    }

    [Fact]
    public async Task A_bare_admin_role_makes_nobody_a_tenant_admin()
    {
        Assert.False((await BindAsync("acme", "admin")).IsTenantAdmin);
    }

    [Fact]
    public async Task Operator_holds_in_whichever_tenant_the_caller_acts_in()
    {
        Assert.True((await BindAsync("acme", "operator")).IsOperator);
        Assert.True((await BindAsync("globex", "operator")).IsOperator);
        Assert.False((await BindAsync("globex", "operator")).IsTenantAdmin);
    }
}
