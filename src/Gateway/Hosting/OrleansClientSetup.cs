using BuildPeer.Grains.Abstractions.Hosting;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace BuildPeer.Gateway.Hosting;

public static class OrleansClientSetup
{
    /// <summary>An Orleans client that finds the silos' gateways through the PostgreSQL membership table.</summary>
    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder)
    {
        builder.Services.AddPostgresOptions();
        builder.Services.AddValidatedOptions<ClusterSettings>(ClusterSettings.SectionName);

        builder.UseOrleansClient(client =>
        {
            client.Services.AddOptions<ClusterOptions>().Configure<IOptions<ClusterSettings>>((cluster, settings) =>
            {
                cluster.ClusterId = settings.Value.ClusterId;
                cluster.ServiceId = settings.Value.ServiceId;
            });
            client.UseAdoNetClustering(options => options.Configure<IOptions<PostgresOptions>>((clustering, postgres) =>
            {
                clustering.Invariant = "Npgsql";
                clustering.ConnectionString = postgres.Value.Postgres;
            }));
            client.Services.CacheGrainInterfaceTypes();
            // Grain calls continue the request's trace, down to the upload's state (see TraceContexts).
            client.AddActivityPropagation();
        });
        return builder;
    }
}
