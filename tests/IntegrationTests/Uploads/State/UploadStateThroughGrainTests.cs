using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.IntegrationTests.OrleansSchema;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.Grains.Uploads.State;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Uploads.State;

/// <summary>The silo stores an UploadGrain's state in <c>upload_state</c>, with its <c>uploads</c> row in step.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class UploadStateThroughGrainTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    private readonly IGrainFactory _grains = hosts.SiloServices.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task An_initiate_creates_its_uploads_on_the_silo_that_minted_them_without_reading_their_state()
    {
        var silos = Hosts.AllSiloServices;
        var reads = silos.Sum(silo => silo.GetRequiredService<UploadStateReader>().Statements);
        var unclaimed = silos.Sum(silo => silo.GetRequiredService<FreshUploadIds>().Count);

        var accepted = await ApiCalls.InitiateAcceptedAsync(Alice, Project,
            ApiCalls.File("north.jpg", "image/jpeg", 1000), ApiCalls.File("south.pdf", "application/pdf", 2000));

        Assert.Equal(2, accepted.Count);
        Assert.Equal(unclaimed, silos.Sum(silo => silo.GetRequiredService<FreshUploadIds>().Count));
        Assert.Equal(reads, silos.Sum(silo => silo.GetRequiredService<UploadStateReader>().Statements));
        foreach (var upload in accepted)
        {
            Assert.Equal("PENDING", await ApiCalls.StatusOfAsync(Alice, upload.GetProperty("uploadId").GetGuid()));
        }
    }

    [Fact]
    public async Task An_initiated_upload_has_its_state_in_upload_state_and_its_row_at_the_same_version()
    {
        var id = Guid.CreateVersion7();
        var upload = _grains.GetGrain<IUploadGrain>(id);

        await upload.InitiateAsync(new UploadRegistration("acme", "tower-7", "alice", "plan B.pdf", "application/pdf", 2048));
        await upload.AbortAsync();

        var rows = await TestDatabase.QueryAsync(
            """
            SELECT s.version, u.status, u.state_version
            FROM upload_state s JOIN uploads u ON u.id = s.id
            WHERE s.id = @id
            """,
            reader => (StateVersion: reader.GetInt32(0), Status: reader.GetString(1), RowVersion: reader.GetInt32(2)),
            ("id", id));
        var row = Assert.Single(rows);
        Assert.Equal(2, row.StateVersion);
        Assert.Equal("ABORTED", row.Status);
        var legacyRows = await TestDatabase.QueryAsync(
            "SELECT 1 FROM orleansstorage WHERE grainidn0 = @n0 AND grainidn1 = @n1",
            reader => reader.GetInt32(0),
            ("n0", BitConverter.ToInt64(id.ToByteArray(), 0)), ("n1", BitConverter.ToInt64(id.ToByteArray(), 8)));
        Assert.Empty(legacyRows);
    }
}
