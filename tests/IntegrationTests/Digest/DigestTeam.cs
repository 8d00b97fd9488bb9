using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Digest;

/// <summary>
/// A project of a test's own in "acme" with an uploader, a manager and a viewer, each with a unique user id and
/// address, so a test reads only its own mail from the shared mailbox (and the shared topic).
/// </summary>
public sealed record DigestTeam(string ProjectId, string Uploader, string Manager, string Viewer)
{
    public const string Tenant = "acme";

    public static async Task<DigestTeam> CreateAsync(ServiceHostsFixture hosts)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        string uploader = $"alice-{tag}", manager = $"bob-{tag}", viewer = $"carol-{tag}";
        var projectId = await TestProjects.CreateAsync(hosts, Tenant,
            new Dictionary<string, string> { [uploader] = "UPLOADER", [manager] = "MANAGER", [viewer] = "VIEWER" },
            emails: new Dictionary<string, string> { [uploader] = AddressOf(uploader), [manager] = AddressOf(manager), [viewer] = AddressOf(viewer) });
        return new DigestTeam(projectId, uploader, manager, viewer);
    }

    public static string AddressOf(string userId) => $"{userId}@example.com";
}
