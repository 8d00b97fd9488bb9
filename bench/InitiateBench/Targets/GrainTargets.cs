using System.Globalization;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;

namespace BuildPeer.InitiateBench.Targets;

/// <summary>
/// An Orleans client of the bench's silo, like the gateway's: the breakdown targets call grains through it to
/// split initiate's time into HTTP + gateway, the project's reservation and the uploads' creation.
/// </summary>
internal sealed class ClusterConnection(BenchOptions options) : IAsyncDisposable
{
    private IHost? _host;

    public IClusterClient Client => _host?.Services.GetRequiredService<IClusterClient>()
        ?? throw new InvalidOperationException("Not connected.");

    public async Task ConnectAsync()
    {
        if (_host is not null)
        {
            return;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            client.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = "Npgsql";
                clustering.ConnectionString = options.Postgres;
            });
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>Activations in the cluster right now (the management grain asks every silo).</summary>
    public async Task<int> ActivationCountAsync()
    {
        await ConnectAsync();
        return await Client.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
    }

    /// <summary>Deactivates every activation idle for a second: the next target starts with a silo as fresh as the first.</summary>
    public async Task CollectIdleActivationsAsync()
    {
        await ConnectAsync();
        await Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }
}

/// <summary>Common set-up of the grain targets: a fresh project per rate, created through the project grain.</summary>
internal abstract class GrainTarget(BenchOptions options, ClusterConnection cluster, NpgsqlDataSource database, int projects = 1)
    : BenchTarget
{
    protected BenchOptions Options => options;

    protected IClusterClient Client => cluster.Client;

    /// <summary>The step's projects; the first is the one whose state is reported.</summary>
    protected IReadOnlyList<string> ProjectIds { get; private set; } = [];

    protected string ProjectId => ProjectIds[0];

    protected IProjectGrain Project => ProjectGrain(ProjectId);

    public override Task SetUpAsync() => cluster.ConnectAsync();

    public override async Task BeforeStepAsync(int rate)
    {
        var prefix = Workload.ProjectId(Name, rate, options.RunId);
        ProjectIds = Enumerable.Range(0, projects)
            .Select(index => projects == 1 ? prefix : $"{prefix}-{index.ToString(CultureInfo.InvariantCulture)}").ToList();
        foreach (var projectId in ProjectIds)
        {
            var project = ProjectGrain(projectId);
            var created = await project.CreateAsync($"Bench {options.RunId} {Name} at {rate.ToString(CultureInfo.InvariantCulture)} req/s",
                new ProjectLimits(Workload.MaxFileSizeBytes, Workload.MaxTotalBytes, Workload.MaxFiles, Workload.MaxInFlight));
            var member = await project.SetMembershipAsync(Workload.Uploader, ProjectRole.Uploader, email: null);
            if (!created.Succeeded || !member.Succeeded)
            {
                throw new InvalidOperationException($"Could not set up project {projectId}: {created.Detail ?? member.Detail}");
            }
        }
    }

    public override async Task AfterStepAsync(StepResult result)
    {
        var quota = await Project.GetQuotaAsync();
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{projects} project(s); {ProjectId}: {quota?.InFlight} reservations, ") +
                         await ProjectState.DescribeAsync(database, options, ProjectId));
    }

    protected IProjectGrain ProjectGrain(string projectId) => Client.GetGrain<IProjectGrain>(ProjectKey.Of(options.Tenant, projectId));

    public sealed override async Task<string?> SendAsync() => await CallAsync().WaitAsync(options.RequestTimeout);

    protected abstract Task<string?> CallAsync();
}

/// <summary>An Orleans round trip to the (busy) project grain that touches no storage: GetAccessAsync.</summary>
internal sealed class GrainPingTarget(BenchOptions options, ClusterConnection cluster, NpgsqlDataSource database)
    : GrainTarget(options, cluster, database)
{
    public override string Name => TargetNames.GrainPing;

    protected override async Task<string?> CallAsync() =>
        (await Project.GetAccessAsync(Workload.Uploader)).Role is ProjectRole.Uploader or ProjectRole.Manager ? null : "no access";
}

/// <summary>The project's part of initiate alone: one ReserveAsync of two uploads (a write of the project's state).</summary>
internal sealed class GrainReserveTarget(BenchOptions options, ClusterConnection cluster, NpgsqlDataSource database)
    : GrainTarget(options, cluster, database)
{
    public override string Name => TargetNames.GrainReserve;

    protected override async Task<string?> CallAsync()
    {
        var result = await Project.ReserveAsync(
            [new Reservation(Guid.CreateVersion7(), Workload.PhotoSize), new Reservation(Guid.CreateVersion7(), Workload.PlanSize)]);
        return result.Granted ? null : result.RefusalCode;
    }
}

/// <summary>The uploads' part of initiate alone: two new UploadGrains initiated in parallel, as the initiator does.</summary>
internal sealed class GrainUploadTarget(BenchOptions options, ClusterConnection cluster, NpgsqlDataSource database)
    : GrainTarget(options, cluster, database)
{
    private UploadRegistration? _photo;
    private UploadRegistration? _plan;

    public override string Name => TargetNames.GrainUpload;

    public override async Task BeforeStepAsync(int rate)
    {
        await base.BeforeStepAsync(rate);
        _photo = new UploadRegistration(Options.Tenant, ProjectId, Workload.Uploader, Workload.PhotoName, Workload.PhotoType, Workload.PhotoSize);
        _plan = new UploadRegistration(Options.Tenant, ProjectId, Workload.Uploader, Workload.PlanName, Workload.PlanType, Workload.PlanSize);
    }

    protected override async Task<string?> CallAsync()
    {
        var tickets = await Task.WhenAll(
            Client.GetGrain<IUploadGrain>(Guid.CreateVersion7()).InitiateAsync(_photo!),
            Client.GetGrain<IUploadGrain>(Guid.CreateVersion7()).InitiateAsync(_plan!));
        return tickets.All(ticket => ticket.Url is not null) ? null : "no URL";
    }
}

/// <summary>All of initiate behind the gateway: IUploadInitiatorGrain with the same command the gateway builds.</summary>
internal sealed class GrainInitiateTarget(BenchOptions options, ClusterConnection cluster, NpgsqlDataSource database, string name, int projects)
    : GrainTarget(options, cluster, database, projects)
{
    private InitiateUploadsCommand[] _commands = [];
    private int _next;

    public override string Name => name;

    public override async Task BeforeStepAsync(int rate)
    {
        await base.BeforeStepAsync(rate);
        _commands = ProjectIds.Select(projectId => new InitiateUploadsCommand(Options.Tenant, Workload.Uploader, projectId,
        [
            new FileToUpload(Workload.PhotoName, Workload.PhotoType, Workload.PhotoSize),
            new FileToUpload(Workload.PlanName, Workload.PlanType, Workload.PlanSize),
        ])).ToArray();
    }

    protected override async Task<string?> CallAsync()
    {
        var commands = _commands;
        var command = commands[(int)((uint)Interlocked.Increment(ref _next) % commands.Length)];
        var result = await Client.GetGrain<IUploadInitiatorGrain>(0).InitiateAsync(command);
        return result.Accepted && result.Tickets.Count == 2 ? null : (result.Rejections.Count > 0 ? result.Rejections[0].Code : "not accepted");
    }
}
