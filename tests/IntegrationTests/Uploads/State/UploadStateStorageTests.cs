using System.Text.Json.Nodes;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Changes;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Records;
using BuildPeer.Grains.Uploads.State;
using BuildPeer.IntegrationTests.OrleansSchema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace BuildPeer.IntegrationTests.Uploads.State;

/// <summary>
/// Upload state and its <c>uploads</c> row written in one statement, many grains' writes per statement, against the
/// real PostgreSQL: the provider alone, without a cluster, so batches can be counted.
/// </summary>
public sealed class UploadStateStorageTests : IAsyncLifetime
{
    private static readonly GrainType UploadType = GrainType.Create("upload");
    private static readonly IOptions<ClusterOptions> Cluster = Options.Create(new ClusterOptions { ServiceId = "upload-state-tests" });
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(UploadState).Assembly).AddAssembly(typeof(UploadRegistration).Assembly))
        .BuildServiceProvider();

    private readonly List<UploadStateReader> _readers = [];
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.EnsureMigratedAsync();
        _dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        foreach (var reader in _readers)
        {
            await reader.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task A_write_is_read_back_and_its_uploads_row_equals_the_projection_after_each_write()
    {
        await using var writer = Writer();
        var storage = Storage(writer);
        var id = Guid.CreateVersion7();
        var upload = NewUpload(id);

        var state = new GrainState<UploadState>(upload);
        await storage.WriteStateAsync("upload", GrainOf(id), state);
        Assert.Equal("1", state.ETag);
        await AssertRowProjectsAsync(id, upload);

        upload.Status = UploadStatus.Uploaded;
        upload.StoredSize = 2000;
        upload.UploadedAt = At(5);
        upload.Version++;
        await storage.WriteStateAsync("upload", GrainOf(id), state);
        Assert.Equal("2", state.ETag);
        await AssertRowProjectsAsync(id, upload);

        var read = new GrainState<UploadState>();
        await storage.ReadStateAsync("upload", GrainOf(id), read);
        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(UploadStatus.Uploaded, read.State!.Status);
        Assert.Equal(2000, read.State!.StoredSize);
        Assert.Equal(upload.Registration, read.State!.Registration);
    }

    [Fact]
    public async Task A_missing_row_reads_as_an_empty_state()
    {
        await using var writer = Writer();
        var read = new GrainState<UploadState>();

        await Storage(writer).ReadStateAsync("upload", GrainOf(Guid.CreateVersion7()), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_stale_write_throws_InconsistentStateException_and_changes_neither_the_state_nor_the_row()
    {
        await using var writer = Writer();
        var storage = Storage(writer);
        var id = Guid.CreateVersion7();
        var upload = NewUpload(id);
        await storage.WriteStateAsync("upload", GrainOf(id), new GrainState<UploadState>(upload));
        var moved = new GrainState<UploadState>(upload, "1");
        await storage.WriteStateAsync("upload", GrainOf(id), moved);

        var stale = NewUpload(id);
        stale.Status = UploadStatus.Aborted;
        stale.Version = 9;
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("upload", GrainOf(id), new GrainState<UploadState>(stale, "1")));
        // A second activation creating a state that already exists is stale too.
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("upload", GrainOf(id), new GrainState<UploadState>(stale)));

        var read = new GrainState<UploadState>();
        await storage.ReadStateAsync("upload", GrainOf(id), read);
        Assert.Equal("2", read.ETag);
        Assert.Equal(UploadStatus.Pending, read.State!.Status);
        await AssertRowProjectsAsync(id, upload);
    }

    [Fact]
    public async Task Clearing_keeps_the_row_without_payload_and_later_writes_are_still_checked()
    {
        await using var writer = Writer();
        var storage = Storage(writer);
        var id = Guid.CreateVersion7();
        var state = new GrainState<UploadState>(NewUpload(id));
        await storage.WriteStateAsync("upload", GrainOf(id), state);

        await storage.ClearStateAsync("upload", GrainOf(id), state);

        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        var read = new GrainState<UploadState>();
        await storage.ReadStateAsync("upload", GrainOf(id), read);
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("upload", GrainOf(id), new GrainState<UploadState>(NewUpload(id), "1")));
        await storage.WriteStateAsync("upload", GrainOf(id), read);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task Many_concurrent_writers_complete_with_one_statement_and_a_stale_one_fails_alone()
    {
        await using var writer = Writer(TimeSpan.FromMilliseconds(200));
        var storage = Storage(writer);
        var staleId = Guid.CreateVersion7();
        var stale = new GrainState<UploadState>(NewUpload(staleId));
        await storage.WriteStateAsync("upload", GrainOf(staleId), stale);
        await storage.WriteStateAsync("upload", GrainOf(staleId), new GrainState<UploadState>(NewUpload(staleId), "1"));
        var before = writer.Statements;

        var uploads = Enumerable.Range(0, 50).Select(_ => NewUpload(Guid.CreateVersion7())).ToList();
        var writes = uploads.Select(upload => storage.WriteStateAsync(
            "upload", GrainOf(upload.Registration!.ProjectId), new GrainState<UploadState>(upload))).ToList();
        var staleWrite = storage.WriteStateAsync("upload", GrainOf(staleId), stale);

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        Assert.Equal(1, writer.Statements - before);
        foreach (var upload in uploads)
        {
            await AssertRowProjectsAsync(Guid.Parse(upload.Registration!.ProjectId), upload);
        }
    }

    [Fact]
    public async Task A_failed_batch_fails_every_one_of_its_callers()
    {
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");
        await using var writer = new UploadStateWriter(unreachable, Options.Create(
            new UploadStateOptions { BatchWindow = TimeSpan.FromMilliseconds(200) }), Cluster);
        var storage = Storage(writer);

        var writes = Enumerable.Range(0, 10).Select(_ => Guid.CreateVersion7()).Select(id => storage.WriteStateAsync(
            "upload", GrainOf(id), new GrainState<UploadState>(NewUpload(id)))).ToList();

        foreach (var write in writes)
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => write);
        }

        Assert.Equal(1, writer.Statements);
    }

    [Fact]
    public async Task A_row_PostgreSQL_refuses_fails_its_own_writer_and_not_the_others_in_its_batch()
    {
        await using var writer = Writer(TimeSpan.FromMilliseconds(200));
        var storage = Storage(writer);
        var uploads = Enumerable.Range(0, 5).Select(_ => NewUpload(Guid.CreateVersion7())).ToList();
        var clashing = NewUpload(Guid.CreateVersion7());
        // A row the table refuses (its file name is NOT NULL), as a constraint would in production.
        clashing.StoredS3Key = clashing.S3Key;
        clashing.Registration = clashing.Registration! with { FileName = null! };
        var writes = uploads.Select(upload => storage.WriteStateAsync(
            "upload", GrainOf(upload.Registration!.ProjectId), new GrainState<UploadState>(upload))).ToList();
        var clash = storage.WriteStateAsync("upload", GrainOf(clashing.Registration!.ProjectId), new GrainState<UploadState>(clashing));

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<PostgresException>(() => clash);
        foreach (var upload in uploads)
        {
            await AssertRowProjectsAsync(Guid.Parse(upload.Registration!.ProjectId), upload);
        }
    }

    [Fact]
    public async Task A_state_only_in_the_previous_storage_is_read_from_it_and_moves_here_on_its_next_write()
    {
        await using var writer = Writer();
        var id = Guid.CreateVersion7();
        var legacyUpload = NewUpload(id);
        legacyUpload.Version = 4;
        var legacy = new OneStateStorage(legacyUpload, "7");
        var storage = Storage(writer, legacy);

        var read = new GrainState<UploadState>();
        await storage.ReadStateAsync("upload", GrainOf(id), read);
        Assert.True(read.RecordExists);
        Assert.Equal(4, read.State!.Version);
        // The activation caught the row up to the legacy state, as activations did before.
        await AssertRowProjectsAsync(id, legacyUpload);

        read.State!.Status = UploadStatus.Uploaded;
        read.State!.Version = 5;
        await storage.WriteStateAsync("upload", GrainOf(id), read);

        Assert.Equal("1", read.ETag);
        Assert.Equal(["7"], legacy.ClearedAt);
        await AssertRowProjectsAsync(id, read.State!);
        legacy.Reads = 0;
        var again = new GrainState<UploadState>();
        await storage.ReadStateAsync("upload", GrainOf(id), again);
        Assert.Equal(0, legacy.Reads);
        Assert.Equal(UploadStatus.Uploaded, again.State!.Status);
    }

    [Fact]
    public async Task Concurrent_activations_read_their_own_states_in_fewer_statements_than_reads()
    {
        await using var writer = Writer();
        var uploads = Enumerable.Range(0, 64).Select(_ => NewUpload(Guid.CreateVersion7())).ToList();
        await Task.WhenAll(uploads.Select(upload =>
            Storage(writer).WriteStateAsync("upload", GrainOf(upload.Registration!.ProjectId), new GrainState<UploadState>(upload))));
        var missing = Guid.CreateVersion7();
        var options = Options.Create(new UploadStateOptions { ReadOrleansStorage = false });
        await using var reader = new UploadStateReader(_dataSource, options, Cluster);

        var reads = uploads.Select(upload => reader.ReadAsync(Guid.Parse(upload.Registration!.ProjectId)))
            .Append(reader.ReadAsync(missing)).ToList();
        var stored = await Task.WhenAll(reads);

        Assert.Null(stored[^1]);
        var serializer = _services.GetRequiredService<Serializer>();
        for (var i = 0; i < uploads.Count; i++)
        {
            Assert.Equal(1, stored[i]!.Version);
            Assert.Equal(uploads[i].S3Key, serializer.Deserialize<UploadState>(stored[i]!.Payload!)!.S3Key);
        }

        Assert.InRange(reader.Statements, 1, uploads.Count / 2);
    }

    [Fact]
    public async Task OrleansStorage_is_read_only_while_it_holds_upload_states_of_the_service()
    {
        var options = Options.Create(new UploadStateOptions());
        var service = Options.Create(new ClusterOptions { ServiceId = "upload-leftovers-" + Guid.NewGuid().ToString("N") });
        Assert.False(await new OrleansStorageLeftovers(_dataSource, service, options).MayHoldAsync(UploadType));

        await using (var insert = _dataSource.CreateCommand("""
            INSERT INTO orleansstorage (serviceid, graintypestring, graintypehash, grainidhash, grainidn0, grainidn1, payloadbinary, version)
            VALUES ($1, 'upload', 1, 2, 3, 4, $2, 1)
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = service.Value.ServiceId });
            insert.Parameters.Add(new NpgsqlParameter { Value = new byte[] { 1 } });
            await insert.ExecuteNonQueryAsync();
        }

        try
        {
            Assert.True(await new OrleansStorageLeftovers(_dataSource, service, options).MayHoldAsync(UploadType));
            Assert.False(await new OrleansStorageLeftovers(_dataSource, service, options).MayHoldAsync(GrainType.Create("project")));
            var never = Options.Create(new UploadStateOptions { ReadOrleansStorage = false });
            Assert.False(await new OrleansStorageLeftovers(_dataSource, service, never).MayHoldAsync(UploadType));
        }
        finally
        {
            await using var delete = _dataSource.CreateCommand("DELETE FROM orleansstorage WHERE serviceid = $1");
            delete.Parameters.Add(new NpgsqlParameter { Value = service.Value.ServiceId });
            await delete.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task With_OrleansStorage_no_longer_read_a_new_grain_costs_one_read()
    {
        await using var writer = Writer();
        var legacy = new OneStateStorage(NewUpload(Guid.CreateVersion7()), "7");
        var read = new GrainState<UploadState>();

        await Storage(writer, legacy, readOrleansStorage: false).ReadStateAsync("upload", GrainOf(Guid.CreateVersion7()), read);

        Assert.False(read.RecordExists);
        Assert.Equal(0, legacy.Reads);
    }

    [Fact]
    public async Task A_freshly_minted_upload_activates_without_a_read_once_and_is_read_as_usual_after()
    {
        await using var writer = Writer();
        var freshIds = new FreshUploadIds(TimeProvider.System);
        var legacy = new OneStateStorage(null, null);
        var storage = Storage(writer, legacy, freshIds: freshIds);
        var reader = _readers[^1];
        var id = freshIds.Mint();

        var first = new GrainState<UploadState>();
        await storage.ReadStateAsync("upload", GrainOf(id), first);
        Assert.False(first.RecordExists);
        Assert.Null(first.ETag);
        Assert.Equal(0, reader.Statements);
        Assert.Equal(0, legacy.Reads);

        first.State = NewUpload(id);
        await storage.WriteStateAsync("upload", GrainOf(id), first);
        var again = new GrainState<UploadState>();
        await storage.ReadStateAsync("upload", GrainOf(id), again);

        Assert.Equal(1, reader.Statements);
        Assert.True(again.RecordExists);
        Assert.Equal(first.ETag, again.ETag);
    }

    [Fact]
    public async Task A_grain_wrongly_believed_new_cannot_overwrite_a_stored_state()
    {
        await using var writer = Writer();
        var freshIds = new FreshUploadIds(TimeProvider.System);
        var storage = Storage(writer, freshIds: freshIds);
        var id = freshIds.Mint();
        var stored = new GrainState<UploadState>(NewUpload(id));
        await Storage(writer).WriteStateAsync("upload", GrainOf(id), stored);

        var believedNew = new GrainState<UploadState>();
        await storage.ReadStateAsync("upload", GrainOf(id), believedNew);
        believedNew.State = NewUpload(id);
        believedNew.State.Status = UploadStatus.Aborted;

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("upload", GrainOf(id), believedNew));
        var read = new GrainState<UploadState>();
        await Storage(writer).ReadStateAsync("upload", GrainOf(id), read);
        Assert.Equal(UploadStatus.Pending, read.State!.Status);
    }

    private UploadStateWriter Writer(TimeSpan? window = null) =>
        new(_dataSource, Options.Create(new UploadStateOptions { BatchWindow = window ?? TimeSpan.Zero }), Cluster);

    private UploadStateStorage Storage(UploadStateWriter writer, IGrainStorage? legacy = null, bool? readOrleansStorage = true,
        FreshUploadIds? freshIds = null)
    {
        var options = Options.Create(new UploadStateOptions { ReadOrleansStorage = readOrleansStorage });
        var reader = new UploadStateReader(_dataSource, options, Cluster);
        _readers.Add(reader);
        return new(legacy ?? new OneStateStorage(null, null), reader, writer, new OrleansStorageLeftovers(_dataSource, Cluster, options),
            freshIds ?? new FreshUploadIds(TimeProvider.System), _dataSource, _services.GetRequiredService<Serializer>(), new PostgresUploadRecordStore(_dataSource), Cluster,
            NullLogger<UploadStateStorage>.Instance);
    }

    private static GrainId GrainOf(Guid id) => GrainId.Create(UploadType, GrainIdKeyExtensions.CreateGuidKey(id));

    private static GrainId GrainOf(string id) => GrainOf(Guid.Parse(id));

    /// <summary>Times at whole milliseconds: PostgreSQL keeps microseconds, the row must compare equal.</summary>
    private static DateTimeOffset At(int seconds) => new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero).AddSeconds(seconds);

    /// <summary>The project id is the upload id, so a test can find its uploads again.</summary>
    private static UploadState NewUpload(Guid id) => new()
    {
        Registration = new UploadRegistration("acme", id.ToString(), "alice", "plan A.pdf", "application/pdf", 2048),
        UploadId = id,
        Status = UploadStatus.Pending,
        CreatedAt = At(0),
        UrlExpiresAt = At(900),
        Version = 1,
        ChangedAt = At(0),
    };

    private async Task AssertRowProjectsAsync(Guid id, UploadState upload)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT tenant_id, project_id, user_id, filename, s3_key, content_type, size, status, error, etag, created_at,
                   uploaded_at, processed_at, state_version, metadata::text, sha256, error_code
            FROM uploads WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no uploads row");
        var row = new UploadRecord(id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.GetString(7), Text(reader, 8), Text(reader, 9),
            reader.GetFieldValue<DateTimeOffset>(10), Time(reader, 11), Time(reader, 12), reader.GetInt32(13), reader.GetString(14),
            Text(reader, 15), Text(reader, 16));
        var expected = UploadViews.ToRecord(id, upload);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.MetadataJson), JsonNode.Parse(row.MetadataJson)), row.MetadataJson);
        Assert.Equal(expected with { MetadataJson = string.Empty }, row with { MetadataJson = string.Empty });
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>The previous provider holding one state (or none), as OrleansStorage does for an upload from before.</summary>
    private sealed class OneStateStorage(UploadState? state, string? etag) : IGrainStorage
    {
        public int Reads { get; set; }

        public List<string?> ClearedAt { get; } = [];

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Reads++;
            if (state is not null)
            {
                grainState.State = (T)(object)state;
                grainState.ETag = etag;
                grainState.RecordExists = true;
            }

            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            throw new InvalidOperationException("the previous storage is only read");

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            ClearedAt.Add(grainState.ETag);
            return Task.CompletedTask;
        }
    }
}
