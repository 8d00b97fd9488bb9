using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BuildPeer.InitiateBench.Targets;

internal static class BenchHttp
{
    public static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// A client whose pool never limits the generator: connections are kept for the whole run, there is no proxy,
    /// cookie jar or decompression, and a request that takes longer than the timeout counts as an error.
    /// </summary>
    public static HttpClient Client(Uri baseAddress, TimeSpan timeout) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 2048,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = timeout,
    };

    /// <summary>The initiate body of the workload for <paramref name="projectId"/>, serialised once.</summary>
    public static byte[] InitiateBody(string projectId) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        projectId,
        files = new object[]
        {
            new { filename = Workload.PhotoName, contentType = Workload.PhotoType, size = Workload.PhotoSize },
            new { filename = Workload.PlanName, contentType = Workload.PlanType, size = Workload.PlanSize },
        },
    });

    public static async Task<string?> PostAsync(HttpClient client, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        return $"HTTP {(int)response.StatusCode} {ProblemCode(text)}".TrimEnd();
    }

    private static string? ProblemCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The HTTP ceiling: a minimal ASP.NET Core app in this process on its own loopback port, which reads the same
/// request body as initiate and answers a small JSON document. Nothing behind it: no auth, no Orleans, no database.
/// </summary>
internal sealed class KestrelTarget(BenchOptions options) : BenchTarget
{
    private static readonly byte[] _answer = Encoding.UTF8.GetBytes("""{"uploads":[{"uploadId":"0","method":"PUT"},{"uploadId":"1","method":"PUT"}]}""");
    private readonly byte[] _body = BenchHttp.InitiateBody("kestrel-ceiling");
    private WebApplication? _app;
    private HttpClient? _client;

    public override string Name => TargetNames.Kestrel;

    public override async Task SetUpAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.KestrelPort));
        _app = builder.Build();
        _app.MapPost("/ceiling", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            await reader.ReadToEndAsync();
            return Results.Bytes(_answer, "application/json");
        });
        await _app.StartAsync();
        _client = BenchHttp.Client(new Uri($"http://127.0.0.1:{options.KestrelPort.ToString(CultureInfo.InvariantCulture)}/"), options.RequestTimeout);
    }

    public override Task<string?> SendAsync() => BenchHttp.PostAsync(_client!, "ceiling", _body);

    protected override async ValueTask TearDownAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>
/// The database ceiling: one single-row INSERT (an uploads-like row) per request into a table this target creates
/// and drops, through a pooled <see cref="NpgsqlDataSource"/> against the local stack's PostgreSQL.
/// </summary>
internal sealed class PostgresInsertTarget(BenchOptions options) : BenchTarget
{
    private NpgsqlDataSource? _database;
    private string _table = string.Empty;
    private string _insert = string.Empty;

    public override string Name => TargetNames.Postgres;

    public override async Task SetUpAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(options.Postgres)
        {
            MaxPoolSize = 20,
            CommandTimeout = (int)Math.Ceiling(options.RequestTimeout.TotalSeconds),
            Timeout = (int)Math.Ceiling(options.RequestTimeout.TotalSeconds),
        };
        _database = NpgsqlDataSource.Create(connection.ConnectionString);
        _table = $"bench_insert_{options.RunId.Replace('-', '_')}";
        _insert = $"INSERT INTO {_table} (id, tenant_id, project_id, filename, content_type, size, status, created_at) " +
                  "VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7)";
        await using var create = _database.CreateCommand(
            $"CREATE TABLE {_table} (id uuid PRIMARY KEY, tenant_id text NOT NULL, project_id text NOT NULL, " +
            "filename text NOT NULL, content_type text NOT NULL, size bigint NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL)");
        await create.ExecuteNonQueryAsync();
    }

    public override async Task<string?> SendAsync()
    {
        await using var command = _database!.CreateCommand(_insert);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter { Value = options.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = "postgres-ceiling" });
        command.Parameters.Add(new NpgsqlParameter { Value = Workload.PhotoName });
        command.Parameters.Add(new NpgsqlParameter { Value = Workload.PhotoType });
        command.Parameters.Add(new NpgsqlParameter { Value = Workload.PhotoSize });
        command.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
        return await command.ExecuteNonQueryAsync() == 1 ? null : "no row inserted";
    }

    protected override async ValueTask TearDownAsync()
    {
        if (_database is null)
        {
            return;
        }

        await using (var drop = _database.CreateCommand($"DROP TABLE IF EXISTS {_table}"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _database.DisposeAsync();
    }
}

/// <summary>
/// The real thing: <c>POST /api/uploads/initiate</c> with two files through the gateway and the silo, as an
/// UPLOADER of projects created for each rate through the admin API with limits quota cannot reach. With one
/// project (the issue's set-up) every request also queues on that project's grain; spread over many, it does not.
/// </summary>
internal sealed class GatewayInitiateTarget(BenchOptions options, Tokens tokens, NpgsqlDataSource database, string name, int projects)
    : BenchTarget
{
    private HttpClient? _admin;
    private HttpClient? _uploader;
    private List<string> _projectIds = [];
    private byte[][] _bodies = [];
    private int _next;

    public override string Name => name;

    public override Task SetUpAsync()
    {
        _admin = BenchHttp.Client(options.Gateway, TimeSpan.FromSeconds(60));
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("bench-admin", $"{options.Tenant}:admin"));
        _admin.DefaultRequestHeaders.Add("X-Tenant-ID", options.Tenant);
        _uploader = BenchHttp.Client(options.Gateway, options.RequestTimeout);
        _uploader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(Workload.Uploader, "uploader"));
        _uploader.DefaultRequestHeaders.Add("X-Tenant-ID", options.Tenant);
        return Task.CompletedTask;
    }

    public override async Task BeforeStepAsync(int rate)
    {
        var prefix = Workload.ProjectId(name, rate, options.RunId);
        _projectIds = Enumerable.Range(0, projects)
            .Select(index => projects == 1 ? prefix : $"{prefix}-{index.ToString(CultureInfo.InvariantCulture)}").ToList();
        foreach (var projectId in _projectIds)
        {
            await CreateProjectAsync(projectId, rate);
        }

        _bodies = _projectIds.Select(BenchHttp.InitiateBody).ToArray();

        // One request outside the window proves the set-up: two presigned PUT URLs come back.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/uploads/initiate") { Content = new ByteArrayContent(_bodies[0]) };
        request.Content.Headers.ContentType = BenchHttp.Json;
        request.Headers.Authorization = _uploader!.DefaultRequestHeaders.Authorization;
        using var response = await _admin!.SendAsync(request);
        await EnsureAsync(response, "initiate");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var uploads = document.RootElement.GetProperty("uploads");
        if (uploads.GetArrayLength() != 2 || uploads.EnumerateArray().Any(upload => upload.GetProperty("method").GetString() != "PUT"))
        {
            throw new InvalidOperationException($"Unexpected initiate answer: {document.RootElement}");
        }
    }

    public override Task<string?> SendAsync()
    {
        var bodies = _bodies;
        return BenchHttp.PostAsync(_uploader!, "api/uploads/initiate", bodies[(int)((uint)Interlocked.Increment(ref _next) % bodies.Length)]);
    }

    public override async Task AfterStepAsync(StepResult result)
    {
        var projectId = _projectIds[0];
        var quota = await _admin!.GetFromJsonAsync<JsonElement>($"api/projects/{projectId}/quota");
        var inFlight = quota.GetProperty("usage").GetProperty("inFlight").GetInt32();
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{projects} project(s); {projectId}: {inFlight} uploads in flight, ") + await ProjectState.DescribeAsync(database, options, projectId));
    }

    protected override ValueTask TearDownAsync()
    {
        _admin?.Dispose();
        _uploader?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task CreateProjectAsync(string projectId, int rate)
    {
        var created = await _admin!.PostAsJsonAsync("api/projects", new
        {
            projectId,
            name = $"Bench {options.RunId} at {rate.ToString(CultureInfo.InvariantCulture)} req/s",
            limits = new
            {
                maxFileSizeBytes = Workload.MaxFileSizeBytes,
                maxTotalBytes = Workload.MaxTotalBytes,
                maxFiles = Workload.MaxFiles,
                maxInFlight = Workload.MaxInFlight,
            },
        });
        await EnsureAsync(created, "create the project");
        var member = await _admin!.PutAsJsonAsync($"api/projects/{projectId}/members/{Workload.Uploader}", new { role = "UPLOADER" });
        await EnsureAsync(member, "add the uploader");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Could not {what}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>The size of a project grain's stored state: every write of the project rewrites all of it.</summary>
internal static class ProjectState
{
    public static async Task<string> DescribeAsync(NpgsqlDataSource database, BenchOptions options, string projectId)
    {
        await using var command = database.CreateCommand(
            "SELECT length(payloadbinary), pg_column_size(payloadbinary), version FROM orleansstorage " +
            "WHERE serviceid = $1 AND grainidextensionstring = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = options.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = $"{options.Tenant}/{projectId}" });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return "project state row not found";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"state row {reader.GetInt32(0) / 1024.0:F0} KiB ({reader.GetInt32(1) / 1024.0:F0} KiB stored), {reader.GetInt32(2)} writes");
    }
}
