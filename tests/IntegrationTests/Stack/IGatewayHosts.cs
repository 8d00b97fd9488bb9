using System.Net.Http.Headers;
using BuildPeer.Gateway.Auth;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>A running gateway that tests call as a given user: in-process hosts or real processes.</summary>
public interface IGatewayHosts
{
    /// <summary>A client that acts as <paramref name="userId"/> in <paramref name="tenantId"/>.</summary>
    HttpClient CreateClient(string userId, string tenantId, params string[] tokenTenants);

    /// <summary>A client with the tenant admin role in <paramref name="tenantId"/>.</summary>
    HttpClient CreateAdminClient(string tenantId);
}

/// <summary>Clients of a gateway whose tokens the given issuer signs.</summary>
public static class GatewayClients
{
    public static HttpClient Anonymous(Uri gateway) => new() { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };

    public static HttpClient As(Uri gateway, DevTokenIssuer tokens, string userId, string role, string tenantId, params string[] tokenTenants)
    {
        var client = Anonymous(gateway);
        var token = tokens.Issue(userId, tokenTenants.Length > 0 ? tokenTenants : [tenantId], role, TimeSpan.FromMinutes(10));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Add(TenantMembershipRequirement.HeaderName, tenantId);
        return client;
    }
}
