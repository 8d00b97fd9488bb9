using System.Net.Http.Json;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>Creates projects and members through the real admin API, as a tenant admin would.</summary>
public static class TestProjects
{
    public const string AdminUser = "tenant-admin";

    /// <summary>
    /// A new project with a unique id in <paramref name="tenantId"/>; each member gets the given role, and the email
    /// address <paramref name="emails"/> gives them, if any, named <paramref name="name"/> ("Test project " and the id
    /// when null).
    /// </summary>
    public static async Task<string> CreateAsync(IGatewayHosts hosts, string tenantId,
        IReadOnlyDictionary<string, string> members, object? limits = null, IReadOnlyDictionary<string, string>? emails = null,
        string? name = null)
    {
        var projectId = $"p-{Guid.NewGuid():N}"[..24];
        using var admin = hosts.CreateAdminClient(tenantId);
        var created = await admin.PostAsJsonAsync("api/projects", new { projectId, name = name ?? $"Test project {projectId}", limits });
        created.EnsureSuccessStatusCode();
        foreach (var (userId, role) in members)
        {
            var added = await admin.PutAsJsonAsync($"api/projects/{projectId}/members/{userId}",
                new { role, email = emails?.GetValueOrDefault(userId) });
            added.EnsureSuccessStatusCode();
        }

        return projectId;
    }

    /// <summary>A new project where <paramref name="userId"/> may upload.</summary>
    public static Task<string> CreateWithUploaderAsync(IGatewayHosts hosts, string tenantId, string userId, object? limits = null) =>
        CreateAsync(hosts, tenantId, new Dictionary<string, string> { [userId] = "UPLOADER" }, limits);
}
