using System.Net;
using BuildPeer.Grains.Abstractions.Hosting;
using BuildPeer.Grains.Faults;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Uploads.State;
using BuildPeer.ServiceDefaults;
using BuildPeer.Silo.Health;
using BuildPeer.Silo.Memory;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace BuildPeer.Silo.Hosting;

public static class SiloHostingExtensions
{
    private const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// An Orleans silo whose membership, grain state and reminders live in PostgreSQL, plus the upload services.
    /// Every setting is read through validated options, so a bad one stops start-up with its name.
    /// </summary>
    public static WebApplicationBuilder AddBuildPeerSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ClusterSettings>(ClusterSettings.SectionName);
        services.AddValidatedOptions<SiloEndpointSettings>(SiloEndpointSettings.SectionName);

        builder.UseOrleans(silo =>
        {
            silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<ClusterSettings>>((cluster, settings) =>
            {
                cluster.ClusterId = settings.Value.ClusterId;
                cluster.ServiceId = settings.Value.ServiceId;
            });
            silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloEndpointSettings>>((endpoints, settings) =>
            {
                endpoints.SiloPort = settings.Value.SiloPort;
                endpoints.GatewayPort = settings.Value.GatewayPort;
                endpoints.AdvertisedIPAddress = IPAddress.Parse(settings.Value.AdvertisedIPAddress);
            });

            silo.UseAdoNetClustering(options => options.Configure<IOptions<PostgresOptions>>((clustering, postgres) =>
            {
                clustering.Invariant = NpgsqlInvariant;
                clustering.ConnectionString = postgres.Value.Postgres;
            }));
            silo.AddBuildPeerMembership(builder.Configuration);
            silo.AddBuildPeerGrains();
            // Grain calls continue the caller's trace: an upload's initiate, event and attempts read as one.
            silo.AddActivityPropagation();
        });

        services.AddSiloHealthChecks();
        services.AddValidatedOptions<IdleTrimOptions>(IdleTrimOptions.SectionName);
        services.AddHostedService<IdleMemoryTrim>();
        return builder;
    }

    /// <summary>
    /// Everything of a BuildPeer silo but its host, identity and membership: reminders and grain storage in
    /// PostgreSQL, and the upload, processing and intake services. Shared with test clusters (TestingHost), which
    /// bring their own host and membership.
    /// </summary>
    public static ISiloBuilder AddBuildPeerGrains(this ISiloBuilder silo)
    {
        silo.Services.AddPostgresOptions();
        silo.Services.CacheGrainInterfaceTypes();
        silo.UseAdoNetReminderService(options => options.Configure<IOptions<PostgresOptions>>((reminders, postgres) =>
        {
            reminders.Invariant = NpgsqlInvariant;
            reminders.ConnectionString = postgres.Value.Postgres;
        }));
        foreach (var storageName in (string[])[StorageNames.Uploads, StorageNames.Projects, StorageNames.Idempotency, StorageNames.Digests, StorageNames.Devices])
        {
            silo.AddAdoNetGrainStorage(storageName, options => options.Configure<IOptions<PostgresOptions>, Serializer>(
                (storage, postgres, serializer) =>
                {
                    storage.Invariant = NpgsqlInvariant;
                    storage.ConnectionString = postgres.Value.Postgres;
                    // Orleans' own serializer: version-tolerant by [Id], rename-safe by [Alias], unlike the
                    // default JSON form that embeds CLR type names.
                    storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
            if (storageName == StorageNames.Uploads)
            {
                // Upload state and its uploads row in one statement, many uploads per commit; the ADO.NET
                // provider above stays behind it, read for states written before.
                silo.Services.StoreUploadStateWithRows(storageName);
            }

            silo.Services.TranslateStorageFaults(storageName);
        }

        // Tests shorten reminder periods to seconds; production keeps Orleans' one-minute floor. Not under
        // "Orleans:Reminders": Orleans reads that section as a reminder provider's and refuses to start.
        silo.Services.AddOptions<ReminderOptions>().BindConfiguration("Reminders");

        // Dependency faults leave every grain as one serializable exception (503 at the gateway, never a codec error).
        silo.AddIncomingGrainCallFilter<DependencyFaultFilter>();
        silo.Services.AddUploadGrainServices();
        silo.Services.AddUploadProcessing();
        silo.Services.AddUploadIntake();
        silo.Services.AddUploadDigest();
        silo.Services.AddMobilePush();
        silo.Services.AddUploadFeed();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ProcessingDrain>();
        return silo;
    }
}
