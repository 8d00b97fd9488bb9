using System.Collections;
using BuildPeer.Cli.Configuration;
using BuildPeer.Cli.Output;
using BuildPeer.UnitTests.Processing;

namespace BuildPeer.Client.Tests.Cli;

public sealed class CliSettingsTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public void The_environment_wins_over_the_config_file_setting_by_setting()
    {
        var config = WriteConfig("""{ "url": "https://file.example.com", "token": "file-token", "tenant": "file-tenant" }""");

        var settings = CliSettings.Load(config, Environment(("BUILDPEER_TENANT", "acme")));

        Assert.Equal(new Uri("https://file.example.com"), settings.GatewayUrl);
        Assert.Equal("file-token", settings.Token);
        Assert.Equal("acme", settings.Tenant);
    }

    [Fact]
    public void The_default_config_file_is_under_XDG_CONFIG_HOME()
    {
        Directory.CreateDirectory(_home.PathOf("buildpeer"));
        File.WriteAllText(_home.PathOf("buildpeer/config.json"), """
            // comments and trailing commas are fine
            { "url": "https://uploads.example.com", "token": "t", "tenant": "acme", "stateDirectory": "/var/tmp/bp", }
            """);

        var settings = CliSettings.Load(null, Environment(("XDG_CONFIG_HOME", _home.Directory.FullName)));

        Assert.Equal("/var/tmp/bp", settings.StateDirectory);
        Assert.Equal("acme", settings.ToClientOptions().TenantId);
    }

    [Theory]
    [InlineData(null, "t", "acme", "No gateway URL: set BUILDPEER_URL")]
    [InlineData("https://uploads.example.com", null, "acme", "No token: set BUILDPEER_TOKEN")]
    [InlineData("https://uploads.example.com", "t", null, "No tenant: set BUILDPEER_TENANT")]
    public void A_missing_setting_says_where_to_set_it(string? url, string? token, string? tenant, string message)
    {
        var error = Assert.Throws<CliUsageException>(() => CliSettings.Load(null, Environment(
            ("XDG_CONFIG_HOME", _home.Directory.FullName), ("BUILDPEER_URL", url), ("BUILDPEER_TOKEN", token), ("BUILDPEER_TENANT", tenant))));

        Assert.Equal("config_missing", error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_config_file_must_exist_and_be_JSON()
    {
        var missing = Assert.Throws<CliUsageException>(() => CliSettings.Load(_home.PathOf("nope.json"), Environment()));
        var broken = Assert.Throws<CliUsageException>(() => CliSettings.Load(WriteConfig("{ url: "), Environment()));
        var notHttp = Assert.Throws<CliUsageException>(() => CliSettings.Load(null, Environment(
            ("BUILDPEER_URL", "ftp://uploads.example.com"), ("BUILDPEER_TOKEN", "t"), ("BUILDPEER_TENANT", "acme"))));

        Assert.Equal("config_missing", missing.Code);
        Assert.Equal("config_invalid", broken.Code);
        Assert.Equal("config_invalid", notHttp.Code);
    }

    private string WriteConfig(string json) => _home.Write("config.json", System.Text.Encoding.UTF8.GetBytes(json));

    private static Hashtable Environment(params (string Name, string? Value)[] variables)
    {
        var environment = new Hashtable();
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    public void Dispose() => _home.Dispose();
}
