using System.Globalization;
using System.Text.RegularExpressions;
using BuildPeer.Deploy.Tests.Docker;
using BuildPeer.Deploy.Tests.Manifests;

namespace BuildPeer.Deploy.Tests.Compose;

/// <summary>
/// docker-compose.yml runs what scripts/run.sh runs, on the same stack and settings, from the deployables'
/// Dockerfiles. No Docker engine here: its structure is checked against the repository, the hosts' options and the
/// local stack's settings.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static ComposeFile Compose => ComposeFile.Root.Value;

    [Fact]
    public void It_runs_the_stack_the_migrations_a_silo_and_a_gateway()
    {
        Assert.Equal(["aws-emulator", "clamav", "gateway", "migrations", "postgres", "redis", "silo"], Compose.ServiceNames.Order());
    }

    [Theory]
    [InlineData("silo", "src/Silo/Dockerfile")]
    [InlineData("gateway", "src/Gateway/Dockerfile")]
    [InlineData("migrations", "src/Migrations/Dockerfile")]
    public void The_hosts_are_built_from_their_own_Dockerfiles_at_the_repository_root(string service, string dockerfile)
    {
        var build = Compose.Service(service).GetProperty("build");

        Assert.Equal(".", build.GetProperty("context").GetString());
        Assert.Equal(dockerfile, build.GetProperty("dockerfile").GetString());
        Assert.True(File.Exists(Repository.PathOf(dockerfile)), $"{dockerfile} does not exist.");
    }

    [Fact]
    public void The_emulator_image_runs_the_launcher_on_every_interface_with_the_image_s_own_Node()
    {
        Assert.Equal("tools/aws-emulator", Compose.Service("aws-emulator").GetProperty("build").GetString());
        var dockerfile = Dockerfile.Read("tools/aws-emulator/Dockerfile");

        Assert.StartsWith("node:22", dockerfile.BaseImage(dockerfile.FinalStage), StringComparison.Ordinal);
        foreach (var source in dockerfile.Of("COPY").SelectMany(Dockerfile.CopySources))
        {
            Assert.True(File.Exists(Repository.PathOf($"tools/aws-emulator/{source}")), $"The emulator's Dockerfile copies {source}, which is not there.");
        }

        Assert.Contains(dockerfile.Of("ENV"), env => env.Arguments.Contains("BUILDPEER_EMULATOR_HOST=0.0.0.0", StringComparison.Ordinal));
        Assert.Contains("launcher.mjs", dockerfile.Of("CMD").Single().Arguments, StringComparison.Ordinal);
        Assert.Contains("node", dockerfile.Of("USER", dockerfile.FinalStage).Single().Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_service_starts_once_what_it_needs_is_healthy_and_the_schema_is_applied()
    {
        Assert.Equal(new Dictionary<string, string> { ["postgres"] = "service_healthy" }, Compose.DependsOn("migrations"));
        Assert.Equal(new Dictionary<string, string>
        {
            ["migrations"] = "service_completed_successfully",
            ["redis"] = "service_healthy",
            ["clamav"] = "service_healthy",
            ["aws-emulator"] = "service_healthy",
        }, Compose.DependsOn("silo"));
        Assert.Equal(new Dictionary<string, string> { ["silo"] = "service_healthy" }, Compose.DependsOn("gateway"));

        foreach (var waitedFor in Compose.ServiceNames.SelectMany(Compose.DependsOn).Where(pair => pair.Value == "service_healthy").Select(pair => pair.Key).Distinct())
        {
            Assert.True(Compose.Service(waitedFor).TryGetProperty("healthcheck", out var check) && check.GetProperty("test").GetArrayLength() > 1,
                $"{waitedFor} is waited for until healthy but has no health check.");
        }
    }

    [Fact]
    public void The_silo_has_every_setting_the_local_stack_gives_the_hosts_pointed_at_the_containers()
    {
        var stack = StackSettings();
        var silo = Compose.Environment("silo");

        Assert.NotEmpty(stack);
        foreach (var (name, value) in stack)
        {
            Assert.True(silo.ContainsKey(name), $"scripts/stack.sh env sets {name}; the compose silo does not.");
            if (!name.StartsWith("AWS_ENDPOINT_URL", StringComparison.Ordinal) && !name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                && name != "Clamd__Host")
            {
                Assert.Equal(value, silo[name]);
            }
        }

        Assert.Equal("http://aws-emulator:4569", silo["AWS_ENDPOINT_URL_S3"]);
        Assert.Equal("clamav", silo["Clamd__Host"]);
        Assert.Contains("Host=postgres;", silo["ConnectionStrings__Postgres"], StringComparison.Ordinal);
        Assert.Equal("redis:6379", silo["ConnectionStrings__Redis"]);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public void Every_host_setting_binds_to_an_option_of_its_code_and_both_join_one_cluster(string service)
    {
        var keys = service == "silo" ? OptionKeys.Silo : OptionKeys.Gateway;
        var environment = Compose.Environment(service);

        var problems = environment.Where(variable => !variable.Key.StartsWith("AWS_", StringComparison.Ordinal) && variable.Key != "ASPNETCORE_ENVIRONMENT")
            .Select(variable => keys.Problem(variable.Key, variable.Value)).OfType<string>().ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(Compose.Environment("silo")["Orleans__ClusterId"], environment["Orleans__ClusterId"]);
        Assert.Equal(Compose.Environment("silo")["Orleans__ServiceId"], environment["Orleans__ServiceId"]);
    }

    [Fact]
    public void Browsers_reach_the_gateway_and_storage_under_the_address_the_URLs_are_signed_for()
    {
        Assert.Equal(["5080:8080"], Ports("gateway"));
        var published = Ports("aws-emulator").Single().Split(':');
        Assert.Equal("4569", published[1]);
        Assert.Equal($"http://localhost:{published[0]}", Compose.Environment("silo")["S3__PublicEndpoint"]);
        Assert.Empty(Ports("silo"));
    }

    [Fact]
    public void ClamAV_reads_every_file_the_service_accepts_and_never_calls_an_oversized_one_clean()
    {
        var clamav = Compose.Environment("clamav");
        var silo = Compose.Environment("silo");
        var limit = long.Parse(silo["Uploads__MaxFileSizeBytes"], CultureInfo.InvariantCulture);

        Assert.Equal(limit, long.Parse(silo["Clamd__MaxStreamBytes"], CultureInfo.InvariantCulture));
        foreach (var setting in (string[])["CLAMD_CONF_StreamMaxLength", "CLAMD_CONF_MaxFileSize", "CLAMD_CONF_MaxScanSize"])
        {
            Assert.True(Megabytes(clamav[setting]) * 1024 * 1024 >= limit, $"{setting}={clamav[setting]} is below {limit} bytes.");
        }

        Assert.Equal("yes", clamav["CLAMD_CONF_AlertExceedsMax"]);
    }

    [Fact]
    public void The_emulator_subscribes_the_queues_the_silo_s_subscribers_read()
    {
        var subscribers = Compose.Environment("aws-emulator")["BUILDPEER_TOPIC_SUBSCRIBERS"].Split(',', StringSplitOptions.TrimEntries);

        Assert.Contains(Compose.Environment("silo")["Digest__QueueName"], subscribers);
        Assert.Contains(Compose.Environment("silo")["MobilePush__QueueName"], subscribers);
    }

    private static List<string> Ports(string service) =>
        Compose.Service(service).TryGetProperty("ports", out var ports) ? [.. ports.EnumerateArray().Select(port => port.GetString()!)] : [];

    private static long Megabytes(string value) => MegabytesPattern().Match(value) is { Success: true } match
        ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
        : throw new Xunit.Sdk.XunitException($"'{value}' is not a size in megabytes such as 200M.");

    private static Dictionary<string, string> StackSettings()
    {
        var env = Command.Run("bash", Repository.PathOf("scripts/stack.sh"), "env");
        Assert.True(env.ExitCode == 0, env.Errors);
        return ExportLine().Matches(env.Output).ToDictionary(match => match.Groups[1].Value, match => match.Groups[2].Value);
    }

    [GeneratedRegex("^export ([A-Za-z0-9_]+)='([^']*)'$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();

    [GeneratedRegex("^([0-9]+)M$")]
    private static partial Regex MegabytesPattern();
}
