namespace BuildPeer.IntegrationTests.Stack;

/// <summary>Base of test classes where each test acts as "alice", an uploader of a project of its own in "acme".</summary>
public abstract class UploaderInNewProject(ServiceHostsFixture hosts, object? limits = null) : IAsyncLifetime
{
    protected ServiceHostsFixture Hosts { get; } = hosts;

    protected HttpClient Alice { get; private set; } = null!;

    protected string Project { get; private set; } = string.Empty;

    public virtual async Task InitializeAsync()
    {
        Project = await TestProjects.CreateWithUploaderAsync(Hosts, "acme", "alice", limits);
        Alice = Hosts.CreateClient("alice", "acme");
    }

    public Task DisposeAsync()
    {
        Alice.Dispose();
        return Task.CompletedTask;
    }
}
