using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Operations;

/// <summary>A line an upload's grain writes carries the upload, tenant and project whatever its message says.</summary>
public sealed class UploadLogScopeTests(RelayedDependenciesHostsFixture hosts) : IClassFixture<RelayedDependenciesHostsFixture>
{
    [Fact]
    public async Task A_grain_log_line_carries_the_uploads_id_tenant_and_project()
    {
        var uploadId = Guid.CreateVersion7();
        var upload = hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IUploadGrain>(uploadId);
        await upload.InitiateAsync(new UploadRegistration("acme", "scoped-project", "alice", "site.jpg", "image/jpeg", 100));

        // A key that is not the upload's: the grain logs that it ignored the event.
        await upload.RecordObjectCreatedAsync(new ObjectCreated("buildpeer-uploads", "acme/elsewhere/uploads/x/site.jpg", 100, "e",
            DateTimeOffset.UtcNow, "ObjectCreated:Put", null));

        var line = Assert.Single(hosts.Logs.Entries, entry => entry.Message.Contains($"Upload {uploadId} ignored an event", StringComparison.Ordinal));
        Assert.Equal(uploadId, line.Scope["UploadId"]);
        Assert.Equal("acme", line.Scope["TenantId"]);
        Assert.Equal("scoped-project", line.Scope["ProjectId"]);
    }
}
