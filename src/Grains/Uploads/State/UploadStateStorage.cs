using System.Globalization;
using BuildPeer.Grains.Uploads.Changes;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>
/// Grain storage for <see cref="UploadGrain"/>: the Orleans-serialized state lives in <c>upload_state</c>, written in
/// the same statement as the upload's <c>uploads</c> row, through <see cref="UploadStateWriter"/>'s group commit.
/// One upload change is one commit shared with the other uploads changing at the same moment, and the row can never
/// lag the state. The ETag is the row's version; a stale write throws <see cref="InconsistentStateException"/>.
/// </summary>
/// <remarks>
/// States written before this provider are in OrleansStorage: when <c>upload_state</c> has no row, the previous
/// provider (<paramref name="legacy"/>) is read, and the grain's next write creates the row here. Such a state's
/// ETag is marked <see cref="LegacyPrefix"/> so that write knows to create rather than update. An upload this silo
/// has just minted (<see cref="FreshUploadIds"/>) is known to have no state anywhere and is not read at all.
/// </remarks>
public sealed partial class UploadStateStorage(
    IGrainStorage legacy,
    UploadStateReader reader,
    UploadStateWriter writer,
    OrleansStorageLeftovers leftovers,
    FreshUploadIds freshIds,
    NpgsqlDataSource dataSource,
    Serializer serializer,
    IUploadRecordStore records,
    IOptions<ClusterOptions> cluster,
    ILogger<UploadStateStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public const string LegacyPrefix = "orleansstorage:";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var id = grainId.GetGuidKey();
        if (freshIds.TryClaim(id))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        if (await reader.ReadAsync(id) is { } stored)
        {
            grainState.State = stored.Payload is null ? Activator.CreateInstance<T>() : serializer.Deserialize<T>(stored.Payload);
            grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = stored.Payload is not null;
            return;
        }

        if (!await leftovers.MayHoldAsync(grainId.Type))
        {
            grainState.RecordExists = false;
            return;
        }

        await legacy.ReadStateAsync(stateName, grainId, grainState);
        if (grainState.ETag is not null)
        {
            grainState.ETag = LegacyPrefix + grainState.ETag;
        }

        if (grainState.RecordExists && grainState.State is UploadState { Registration: not null } upload)
        {
            await CatchUpLegacyRowAsync(id, upload);
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var id = grainId.GetGuidKey();
        var record = grainState.State is UploadState { Registration: not null } upload ? UploadViews.ToRecord(id, upload) : null;
        var row = new UploadStateRow(id, ExpectedVersion(grainState.ETag), serializer.SerializeToArray(grainState.State), record);
        var version = await writer.WriteAsync(row)
            ?? throw new InconsistentStateException(
                $"Upload {id}: its state changed since it was read at version {grainState.ETag ?? "(none)"}",
                "unknown", grainState.ETag ?? string.Empty);
        var previousETag = grainState.ETag;
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        if (previousETag?.StartsWith(LegacyPrefix, StringComparison.Ordinal) == true)
        {
            await ClearLegacyAsync<T>(stateName, grainId, previousETag[LegacyPrefix.Length..]);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is null)
        {
            // Nothing was ever stored.
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
            return;
        }

        if (grainState.ETag.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            grainState.ETag = grainState.ETag[LegacyPrefix.Length..];
            await legacy.ClearStateAsync(stateName, grainId, grainState);
            grainState.ETag = LegacyPrefix + grainState.ETag;
            return;
        }

        await using var command = dataSource.CreateCommand(UploadStateSql.Clear);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.GetGuidKey() });
        command.Parameters.Add(new NpgsqlParameter { Value = ExpectedVersion(grainState.ETag)!.Value });
        var version = await command.ExecuteScalarAsync() as int?
            ?? throw new InconsistentStateException(
                $"Upload {grainId.GetGuidKey()}: its state changed since it was read at version {grainState.ETag}",
                "unknown", grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    /// <summary>The previous provider initialises itself (its queries) through the silo's lifecycle.</summary>
    public void Participate(ISiloLifecycle observer) => (legacy as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>Null (create the row) for a grain never stored here: a new one, or one still in OrleansStorage.</summary>
    private static int? ExpectedVersion(string? etag) =>
        etag is null || etag.StartsWith(LegacyPrefix, StringComparison.Ordinal)
            ? null
            : int.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// The state has moved here: clearing it there lets <see cref="OrleansStorageLeftovers"/> find OrleansStorage empty
    /// of upload states one day, and stop the second read. Best effort: a state left there is never read again.
    /// </summary>
    private async Task ClearLegacyAsync<T>(string stateName, GrainId grainId, string legacyETag)
    {
        try
        {
            await legacy.ClearStateAsync(stateName, grainId, new GrainState<T>(Activator.CreateInstance<T>(), legacyETag) { RecordExists = true });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogLegacyClearFailed(exception, grainId.GetGuidKey());
        }
    }

    /// <summary>
    /// The previous provider wrote the state and the row in two commits; a silo lost between them left the row
    /// behind. Once per legacy activation, as UploadGrain did on every activation before; the row is only a view,
    /// so failing here does not fail the read.
    /// </summary>
    private async Task CatchUpLegacyRowAsync(Guid id, UploadState upload)
    {
        try
        {
            await records.UpsertAsync(UploadViews.ToRecord(id, upload));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogLegacyRowFailed(exception, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: its state moved to upload_state but clearing it in OrleansStorage failed; it is not read again")]
    private partial void LogLegacyClearFailed(Exception exception, Guid uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: catching its uploads row up to its legacy state failed; its next write does")]
    private partial void LogLegacyRowFailed(Exception exception, Guid uploadId);
}
