using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BuildPeer.Gateway.Auth;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace BuildPeer.IntegrationTests.Cluster;

/// <summary>One silo or gateway process that <c>scripts/run.sh</c> started (a line of its <c>--hosts-file</c>).</summary>
public sealed record HostProcess(string Role, int Index, int Pid, Uri Url, int SiloPort, string Log)
{
    public override string ToString() => $"{Role} {Index} (pid {Pid}, {Url}{(SiloPort > 0 ? $", silo port {SiloPort}" : "")})";
}

/// <summary>
/// A cluster of real silo and gateway processes started by <c>scripts/run.sh --silos N --gateways 1</c>, exactly as a
/// developer starts one, under a cluster and service id of its own and on free ports, so that a test can SIGKILL a
/// silo. The script is told to stop everything if this test process dies, so no silo outlives the run and keeps
/// consuming the shared queue.
/// </summary>
public sealed class RunScriptCluster : IGatewayHosts, IAsyncDisposable
{
    public const string Tenant = "acme";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly Process _script;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly DevTokenIssuer _tokens = new(
        new AuthOptions { Issuer = ServiceHostsFixture.Issuer, Audience = ServiceHostsFixture.Audience, SigningKey = ServiceHostsFixture.SigningKey },
        TimeProvider.System);
    private IHost? _client;

    private RunScriptCluster(Process script, string clusterId, string logDirectory)
    {
        _script = script;
        ClusterId = clusterId;
        LogDirectory = logDirectory;
    }

    public string ClusterId { get; }

    /// <summary>The run script's own output and every host's log.</summary>
    public string LogDirectory { get; }

    public IReadOnlyList<HostProcess> Hosts { get; private set; } = [];

    public IEnumerable<HostProcess> Silos => Hosts.Where(host => host.Role == "silo");

    public Uri Gateway => Hosts.First(host => host.Role == "gateway").Url;

    /// <summary>
    /// Starts the script and returns once every host answers <c>/health/ready</c>. <paramref name="settings"/> go to
    /// every silo and gateway as environment variables (configuration keys with <c>__</c>).
    /// </summary>
    public static async Task<RunScriptCluster> StartAsync(int silos, IReadOnlyDictionary<string, string> settings)
    {
        LocalStack.ExportToEnvironment();
        var clusterId = $"cluster-kill-{Guid.NewGuid():N}"[..32];
        var logDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "buildpeer-cluster-tests", clusterId)).FullName;
        var hostsFile = Path.Combine(logDirectory, "hosts.tsv");
        var httpPorts = FreePort.Block(silos + 1);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = LocalStack.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[Path.Combine("scripts", "run.sh"), "--silos", Number(silos), "--gateways", "1", "--no-build",
            "--log-dir", logDirectory, "--hosts-file", hostsFile, "--exit-with", Number(Environment.ProcessId)])
        {
            start.ArgumentList.Add(argument);
        }

        var environment = new Dictionary<string, string>(settings)
        {
            ["BUILDPEER_CONFIGURATION"] = BuildConfiguration(),
            ["BUILDPEER_GATEWAY_PORT"] = Number(httpPorts),
            ["BUILDPEER_SILO_HTTP_PORT"] = Number(httpPorts + 1),
            ["BUILDPEER_SILO_PORT"] = Number(FreePort.Block(silos)),
            ["BUILDPEER_SILO_GATEWAY_PORT"] = Number(FreePort.Block(silos)),
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = clusterId,
            ["Auth__SigningKey"] = ServiceHostsFixture.SigningKey,
            ["Auth__Issuer"] = ServiceHostsFixture.Issuer,
            ["Auth__Audience"] = ServiceHostsFixture.Audience,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var script = Process.Start(start) ?? throw new InvalidOperationException("Could not start scripts/run.sh.");
        var cluster = new RunScriptCluster(script, clusterId, logDirectory);
        script.OutputDataReceived += (_, line) => cluster.Record(line.Data);
        script.ErrorDataReceived += (_, line) => cluster.Record(line.Data);
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!File.Exists(hostsFile))
        {
            if (script.HasExited || DateTime.UtcNow > deadline)
            {
                var output = cluster.Output();
                await cluster.DisposeAsync();
                throw new InvalidOperationException($"scripts/run.sh did not bring the cluster up (logs in {logDirectory}):\n{output}");
            }

            await Task.Delay(250);
        }

        cluster.Hosts = [.. (await File.ReadAllLinesAsync(hostsFile)).Select(Parse)];
        return cluster;
    }

    /// <summary>An Orleans client of the cluster, for what only the cluster knows (which silo hosts which grain).</summary>
    public async Task<IClusterClient> ClientAsync()
    {
        if (_client is null)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            ProcessWideMeterFactory.UseIn(builder.Services);
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = ClusterId;
                    options.ServiceId = ClusterId;
                });
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = LocalStack.PostgresConnectionString;
                });
            });
            _client = builder.Build();
            await _client.StartAsync();
        }

        return _client.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Kills the process the way a crash or a lost node does: SIGKILL, no shutdown of any kind.</summary>
    public static void Kill(HostProcess host) => Process.GetProcessById(host.Pid).Kill();

    /// <summary>The silo's status in the membership table (Orleans' SiloStatus: 3 Active, 6 Dead), null before it joined.</summary>
    public async Task<int?> MembershipStatusAsync(HostProcess silo)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleansmembershiptable WHERE deploymentid = @cluster AND port = @port ORDER BY generation DESC LIMIT 1",
            connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        command.Parameters.AddWithValue("port", silo.SiloPort);
        return await command.ExecuteScalarAsync() as int?;
    }

    public HttpClient CreateClient(string userId, string tenantId, params string[] tokenTenants) =>
        GatewayClients.As(Gateway, _tokens, userId, "uploader", tenantId, tokenTenants);

    public HttpClient CreateAdminClient(string tenantId) =>
        GatewayClients.As(Gateway, _tokens, TestProjects.AdminUser, "admin", tenantId);

    public string Output() => string.Join('\n', _output);

    /// <summary>
    /// Stops the script as Ctrl-C would (it stops its hosts gracefully), then deletes the cluster's membership,
    /// reminders and grain state: no silo of this service id will ever run again.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.StopAsync(quick.Token);
            _client.Dispose();
        }

        if (!_script.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", Number(_script.Id)]))
            {
                await term.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _script.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _script.Kill(entireProcessTree: true);
            }
        }

        _script.Dispose();
        await File.WriteAllTextAsync(Path.Combine(LogDirectory, "run.out"), Output());
        await ForgetClusterAsync();
    }

    private async Task ForgetClusterAsync()
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            DELETE FROM orleansmembershiptable WHERE deploymentid = @cluster;
            DELETE FROM orleansmembershipversiontable WHERE deploymentid = @cluster;
            DELETE FROM orleansreminderstable WHERE serviceid = @cluster;
            DELETE FROM orleansstorage WHERE serviceid = @cluster;
            """,
            connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        await command.ExecuteNonQueryAsync();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static HostProcess Parse(string line)
    {
        var fields = line.Split('\t');
        return new HostProcess(fields[0], int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture),
            new Uri(fields[3]), fields[4] == "-" ? 0 : int.Parse(fields[4], CultureInfo.InvariantCulture), fields[6]);
    }

    /// <summary>The hosts run the build of this test assembly's configuration (bin/Release or bin/Debug).</summary>
    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
