using BuildPeer.Grains.Batching;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Uploads.Records;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;

namespace BuildPeer.Grains.Uploads.State;

public static class UploadStateStorageRegistration
{
    /// <summary>
    /// Puts <see cref="UploadStateStorage"/> in front of the grain storage registered under <paramref name="name"/>,
    /// which stays as its fallback for states written before it.
    /// </summary>
    public static IServiceCollection StoreUploadStateWithRows(this IServiceCollection services, string name)
    {
        services.AddValidatedOptions<UploadStateOptions>(UploadStateOptions.SectionName);
        services.AddBatchedStatementsDataSource();
        services.AddSingleton<UploadStateReader>();
        services.AddSingleton<UploadStateWriter>();
        services.AddSingleton<OrleansStorageLeftovers>();
        services.TryAddSingleton<FreshUploadIds>();
        return services.DecorateGrainStorage(name, (provider, legacy) => new UploadStateStorage(
            legacy,
            provider.GetRequiredService<UploadStateReader>(),
            provider.GetRequiredService<UploadStateWriter>(),
            provider.GetRequiredService<OrleansStorageLeftovers>(),
            provider.GetRequiredService<FreshUploadIds>(),
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<Serializer>(),
            provider.GetRequiredService<IUploadRecordStore>(),
            provider.GetRequiredService<IOptions<ClusterOptions>>(),
            provider.GetRequiredService<ILogger<UploadStateStorage>>()));
    }
}
