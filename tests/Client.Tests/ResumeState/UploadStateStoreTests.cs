using BuildPeer.Client.Resume;
using BuildPeer.UnitTests.Processing;

namespace BuildPeer.Client.Tests.ResumeState;

public sealed class UploadStateStoreTests : IDisposable
{
    private static readonly Uri Gateway = new("https://uploads.example.com/");

    private readonly TempFolder _folder = new();

    [Fact]
    public void A_saved_state_reads_back_with_its_acknowledged_parts()
    {
        var store = new UploadStateStore(_folder.PathOf("state"));
        var state = NewState(store);
        state.CompletedParts[1] = "etag-1";
        state.CompletedParts[3] = "etag-3";

        store.Save(state);
        var loaded = store.Load(state.Key);

        Assert.NotNull(loaded);
        Assert.Equal(state.UploadId, loaded.UploadId);
        Assert.Equal(state.IdempotencyKey, loaded.IdempotencyKey);
        Assert.Equal(["etag-1", "etag-3"], loaded.CompletedParts.Values);
        Assert.Equal(5L * 1024 * 1024 + 1024, loaded.AcknowledgedBytes);
        Assert.Equal([1, 3], loaded.ToInterruptedUpload().CompletedPartNumbers);
    }

    [Fact]
    public void Saving_replaces_the_file_whole_and_leaves_no_temporary_files()
    {
        var store = new UploadStateStore(_folder.PathOf("state"));
        var state = NewState(store);

        for (var part = 1; part <= 3; part++)
        {
            state.CompletedParts[part] = $"etag-{part}";
            store.Save(state);
        }

        Assert.Equal([store.PathOf(state.Key)], Directory.GetFiles(store.Directory));
        Assert.Equal(3, store.Load(state.Key)!.CompletedParts.Count);
    }

    [Fact]
    public void A_damaged_or_missing_state_counts_as_none()
    {
        var store = new UploadStateStore(_folder.PathOf("state"));
        Directory.CreateDirectory(store.Directory);
        File.WriteAllText(store.PathOf("damaged"), "{ \"key\": \"damaged\", ");

        Assert.Null(store.Load("damaged"));
        Assert.Null(store.Load("missing"));
        Assert.Empty(new UploadStateStore(_folder.PathOf("nowhere")).LoadAll());
    }

    [Fact]
    public void The_same_file_has_one_state_per_gateway_tenant_and_project()
    {
        var key = UploadStateStore.KeyOf(Gateway, "acme", "tower-7", "/site/plan.pdf");

        Assert.Equal(key, UploadStateStore.KeyOf(Gateway, "acme", "tower-7", "/site/plan.pdf"));
        Assert.NotEqual(key, UploadStateStore.KeyOf(Gateway, "acme", "tower-8", "/site/plan.pdf"));
        Assert.NotEqual(key, UploadStateStore.KeyOf(Gateway, "globex", "tower-7", "/site/plan.pdf"));
        Assert.NotEqual(key, UploadStateStore.KeyOf(new Uri("https://eu.example.com/"), "acme", "tower-7", "/site/plan.pdf"));
        Assert.NotEqual(key, UploadStateStore.KeyOf(Gateway, "acme", "tower-7", "/site/plan-2.pdf"));
    }

    [Fact]
    public void A_second_uploader_of_the_same_file_is_refused_until_the_first_lets_go()
    {
        var store = new UploadStateStore(_folder.PathOf("state"));

        var held = store.Lock("plan");
        var refused = Assert.Throws<BuildPeerException>(() => store.Lock("plan"));
        held.Dispose();
        using var next = store.Lock("plan");

        Assert.Equal(ErrorCodes.UploadInProgress, refused.Code);
    }

    [Fact]
    public void A_state_describes_only_the_unchanged_file()
    {
        var state = NewState(new UploadStateStore(_folder.PathOf("state")));
        var file = new FileIdentity(state.FilePath, state.Size, state.LastWriteTimeUtc);

        Assert.True(state.Describes(file));
        Assert.False(state.Describes(file with { Size = state.Size + 1 }));
        Assert.False(state.Describes(file with { LastWriteTimeUtc = state.LastWriteTimeUtc.AddSeconds(1) }));
    }

    private static UploadStateDocument NewState(UploadStateStore store) => new()
    {
        Key = UploadStateStore.KeyOf(Gateway, "acme", "tower-7", "/site/plan.pdf"),
        GatewayUrl = Gateway,
        TenantId = "acme",
        ProjectId = "tower-7",
        FilePath = "/site/plan.pdf",
        FileName = "plan.pdf",
        ContentType = "application/pdf",
        Size = (2 * 5L * 1024 * 1024) + 1024,
        LastWriteTimeUtc = new DateTime(2026, 3, 1, 8, 15, 0, DateTimeKind.Utc),
        ChecksumSha256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
        IdempotencyKey = "0b1c2d3e",
        StartedAt = DateTimeOffset.UnixEpoch,
        UploadId = Guid.NewGuid(),
        Multipart = true,
        PartSize = 5L * 1024 * 1024,
        PartCount = 3,
    };

    public void Dispose() => _folder.Dispose();
}
