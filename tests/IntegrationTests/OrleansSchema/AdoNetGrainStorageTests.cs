using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace BuildPeer.IntegrationTests.OrleansSchema;

/// <summary>
/// Grain state in OrleansStorage, through grains and through the silo's own AdoNetGrainStorage instances (to
/// race writers deterministically and to try every key shape).
/// </summary>
[Collection(OrleansSchemaCollectionDefinition.Name)]
public sealed class AdoNetGrainStorageTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    public enum KeyShape
    {
        GuidKey,
        IntegerKeyWithExtension,
        StringKey,
    }

    private enum WriteOutcome
    {
        Written,
        RejectedAsStale,
    }

    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task State_written_by_a_grain_is_read_back_after_every_silo_restarts()
    {
        var grain = Cluster.Client.GetGrain<ICounterGrain>(Guid.NewGuid());
        await grain.Increment();
        await grain.Increment();
        Assert.Equal(3, await grain.Increment());

        var silosBefore = Cluster.Silos.Select(silo => silo.SiloAddress).ToList();
        foreach (var silo in Cluster.Silos.ToList())
        {
            await Cluster.RestartSiloAsync(silo);
        }

        Assert.Empty(Cluster.Silos.Select(silo => silo.SiloAddress).Intersect(silosBefore));
        Assert.Equal(3, await grain.GetCount());
        Assert.Equal([new StoredRow(Version: 3, HasPayload: true)], await CounterRowsAsync(grain));
    }

    [Fact]
    public async Task A_write_from_a_stale_activation_raises_InconsistentStateException()
    {
        var grain = Cluster.Client.GetGrain<ICounterGrain>(Guid.NewGuid());
        Assert.Equal(1, await grain.Increment());

        // Another writer that also saw version 1, as a second activation would, moves the stored state on.
        await Storage(PostgresSiloConfigurator.StorageName).WriteStateAsync(
            CounterGrain.StateName, grain.GetGrainId(), new GrainState<CounterState>(new CounterState { Count = 100 }, "1"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Increment());
        await grain.Deactivate();
        Assert.Equal(100, await grain.GetCount());
        Assert.Equal([new StoredRow(Version: 2, HasPayload: true)], await CounterRowsAsync(grain));
    }

    [Fact]
    public async Task Clearing_a_grains_state_keeps_its_row_without_payload_and_the_grain_starts_again_from_zero()
    {
        var grain = Cluster.Client.GetGrain<ICounterGrain>(Guid.NewGuid());
        await grain.Increment();
        await grain.Increment();

        await grain.Clear();

        Assert.Equal([new StoredRow(Version: 3, HasPayload: false)], await CounterRowsAsync(grain));
        await grain.Deactivate();
        Assert.Equal(0, await grain.GetCount());
        Assert.Equal(1, await grain.Increment());
        Assert.Equal([new StoredRow(Version: 4, HasPayload: true)], await CounterRowsAsync(grain));
    }

    [Theory]
    [InlineData(KeyShape.GuidKey)]
    [InlineData(KeyShape.IntegerKeyWithExtension)]
    [InlineData(KeyShape.StringKey)]
    public async Task Every_key_shape_is_written_read_and_cleared_under_its_own_key_columns(KeyShape shape)
    {
        var (grainId, expectedKey) = NewGrainId(shape);
        var stateName = NewStateName();
        var storage = Storage(PostgresSiloConfigurator.StorageName);

        var written = new GrainState<CounterState>(new CounterState { Count = 7 });
        await storage.WriteStateAsync(stateName, grainId, written);
        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(stateName, grainId, read);

        Assert.Equal(("1", 7, true), (read.ETag, read.State!.Count, read.RecordExists));
        Assert.Equal([expectedKey], await StoredKeysAsync(stateName));

        await storage.ClearStateAsync(stateName, grainId, read);
        var afterClear = new GrainState<CounterState>();
        await storage.ReadStateAsync(stateName, grainId, afterClear);

        Assert.Equal(("2", 0, false), (afterClear.ETag, afterClear.State!.Count, afterClear.RecordExists));
    }

    [Fact]
    public async Task Of_concurrent_first_writes_to_a_new_grain_exactly_one_succeeds()
    {
        var grainId = NewGrainId(KeyShape.GuidKey).GrainId;
        var stateName = NewStateName();

        var outcomes = await WriteConcurrentlyAsync(stateName, grainId, etag: null, writers: 8);

        Assert.Equal(1, outcomes.Count(outcome => outcome == WriteOutcome.Written));
        Assert.Equal(7, outcomes.Count(outcome => outcome == WriteOutcome.RejectedAsStale));
        Assert.Equal([new StoredRow(Version: 1, HasPayload: true)], await RowsAsync(stateName));
    }

    [Fact]
    public async Task Of_concurrent_writes_holding_the_same_etag_exactly_one_succeeds()
    {
        var grainId = NewGrainId(KeyShape.GuidKey).GrainId;
        var stateName = NewStateName();
        await Storage(PostgresSiloConfigurator.StorageName).WriteStateAsync(stateName, grainId, new GrainState<CounterState>(new CounterState()));

        var outcomes = await WriteConcurrentlyAsync(stateName, grainId, etag: "1", writers: 8);

        Assert.Equal(1, outcomes.Count(outcome => outcome == WriteOutcome.Written));
        Assert.Equal(7, outcomes.Count(outcome => outcome == WriteOutcome.RejectedAsStale));
        Assert.Equal([new StoredRow(Version: 2, HasPayload: true)], await RowsAsync(stateName));
    }

    [Fact]
    public async Task With_delete_on_clear_clearing_removes_the_row_and_the_grain_can_start_over()
    {
        var grainId = NewGrainId(KeyShape.GuidKey).GrainId;
        var stateName = NewStateName();
        var storage = Storage(PostgresSiloConfigurator.DeleteOnClearStorageName);
        var state = new GrainState<CounterState>(new CounterState { Count = 5 });
        await storage.WriteStateAsync(stateName, grainId, state);

        await storage.ClearStateAsync(stateName, grainId, state);

        Assert.Equal((null, false), (state.ETag, state.RecordExists));
        Assert.Empty(await RowsAsync(stateName));
        var fresh = new GrainState<CounterState>(new CounterState { Count = 6 });
        await storage.WriteStateAsync(stateName, grainId, fresh);
        Assert.Equal("1", fresh.ETag);
    }

    private IGrainStorage Storage(string name) =>
        ((InProcessSiloHandle)Cluster.Silos[0]).ServiceProvider.GetRequiredKeyedService<IGrainStorage>(name);

    private async Task<WriteOutcome[]> WriteConcurrentlyAsync(string stateName, GrainId grainId, string? etag, int writers)
    {
        var storage = Storage(PostgresSiloConfigurator.StorageName);
        // Released together, so the writes reach PostgreSQL at the same time rather than one after another.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, writers).Select(async writer =>
        {
            await start.Task;
            try
            {
                await storage.WriteStateAsync(stateName, grainId, new GrainState<CounterState>(new CounterState { Count = writer }, etag));
                return WriteOutcome.Written;
            }
            catch (InconsistentStateException)
            {
                return WriteOutcome.RejectedAsStale;
            }
        }).ToList();

        start.SetResult();
        return await Task.WhenAll(attempts);
    }

    // A state name of its own per test makes its rows easy to find: the provider stores it as GrainTypeString.
    private static string NewStateName() => $"probe-{Guid.NewGuid():N}";

    private static (GrainId GrainId, StoredKey Expected) NewGrainId(KeyShape shape)
    {
        var type = GrainType.Create("schema-probe");
        switch (shape)
        {
            case KeyShape.GuidKey:
                var guid = Guid.NewGuid();
                var bytes = guid.ToByteArray();
                return (GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)),
                    new StoredKey(BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), Extension: null));
            case KeyShape.IntegerKeyWithExtension:
                return (GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42, "tenant-a")),
                    new StoredKey(0, 42, "tenant-a"));
            case KeyShape.StringKey:
                return (GrainId.Create(type, "uploads/report.pdf"), new StoredKey(0, 0, "uploads/report.pdf"));
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }
    }

    private Task<List<StoredRow>> CounterRowsAsync(ICounterGrain grain)
    {
        var bytes = grain.GetPrimaryKey().ToByteArray();
        return TestDatabase.QueryAsync(
            """
            SELECT Version, PayloadBinary IS NOT NULL FROM OrleansStorage
            WHERE ServiceId = @service AND GrainTypeString = @state AND GrainIdN0 = @n0 AND GrainIdN1 = @n1
            """,
            row => new StoredRow(row.GetInt32(0), row.GetBoolean(1)),
            ("service", fixture.ServiceId),
            ("state", CounterGrain.StateName),
            ("n0", BitConverter.ToInt64(bytes, 0)),
            ("n1", BitConverter.ToInt64(bytes, 8)));
    }

    private Task<List<StoredRow>> RowsAsync(string stateName) =>
        TestDatabase.QueryAsync(
            "SELECT Version, PayloadBinary IS NOT NULL FROM OrleansStorage WHERE ServiceId = @service AND GrainTypeString = @state",
            row => new StoredRow(row.GetInt32(0), row.GetBoolean(1)),
            ("service", fixture.ServiceId),
            ("state", stateName));

    private Task<List<StoredKey>> StoredKeysAsync(string stateName) =>
        TestDatabase.QueryAsync(
            "SELECT GrainIdN0, GrainIdN1, GrainIdExtensionString FROM OrleansStorage WHERE ServiceId = @service AND GrainTypeString = @state",
            row => new StoredKey(row.GetInt64(0), row.GetInt64(1), row.IsDBNull(2) ? null : row.GetString(2)),
            ("service", fixture.ServiceId),
            ("state", stateName));

    private sealed record StoredRow(int Version, bool HasPayload);

    private sealed record StoredKey(long N0, long N1, string? Extension);
}
