using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Grains.Batching;

/// <summary>
/// The connections of the group-committed statements (<see cref="StatementBatches{T}"/>' users), whose sessions
/// run every prepared statement with its generic plan. Those statements take arrays and find every row by its
/// primary key, so one plan serves every batch; left to choose, PostgreSQL planned the upload-state write again for
/// each execution (a custom plan per array size: 0.6 ms of its 1.4 ms at 300 initiates a second).
/// </summary>
public static class BatchedStatementsDataSource
{
    /// <summary>The key of its <see cref="NpgsqlDataSource"/> among the keyed services.</summary>
    public const string Key = "batched-statements";

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options)
            ? GenericPlans
            : $"{builder.Options} {GenericPlans}";
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public static IServiceCollection AddBatchedStatementsDataSource(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(Key, (provider, _) =>
            Create(provider.GetRequiredService<IOptions<PostgresOptions>>().Value.Postgres));
        return services;
    }

    private const string GenericPlans = "-c plan_cache_mode=force_generic_plan";
}
