using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>
/// Whether a grain missing from <c>upload_state</c> can still have a state in OrleansStorage, where upload states
/// lived before. Looking there costs a second read on every new upload, so unless
/// <see cref="UploadStateOptions.ReadOrleansStorage"/> says, the silo asks the database once: a service that never
/// stored upload states there, or whose every one has moved, never looks again.
/// </summary>
public sealed class OrleansStorageLeftovers(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster, IOptions<UploadStateOptions> options)
{
    private Task<bool>? _probe;

    public async Task<bool> MayHoldAsync(GrainType grainType)
    {
        if (options.Value.ReadOrleansStorage is { } configured)
        {
            return configured;
        }

        // Two first reads may both probe: harmless, and no lock on every activation.
        var probe = _probe ??= ProbeAsync(grainType.ToString()!);
        try
        {
            return await probe;
        }
        catch
        {
            // The database was away: the read fails like any other and the next activation asks again.
            _ = Interlocked.CompareExchange(ref _probe, null, probe);
            throw;
        }
    }

    private async Task<bool> ProbeAsync(string grainType)
    {
        await using var command = dataSource.CreateCommand(UploadStateSql.AnyInOrleansStorage);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = grainType });
        return await command.ExecuteScalarAsync() is true;
    }
}
