using System.Collections;
using System.Text.Json;
using BuildPeer.Cli.Output;
using BuildPeer.Client;

namespace BuildPeer.Cli.Configuration;

/// <summary>
/// Where the gateway is and who the command acts as. Each setting comes from the environment
/// (<c>BUILDPEER_URL</c>, <c>BUILDPEER_TOKEN</c>, <c>BUILDPEER_TENANT</c>, <c>BUILDPEER_STATE_DIR</c>) or else from
/// the config file: <c>--config</c>, <c>BUILDPEER_CONFIG</c>, or <c>~/.config/buildpeer/config.json</c>
/// (<c>{"url": "...", "token": "...", "tenant": "...", "stateDirectory": "..."}</c>).
/// </summary>
internal sealed record CliSettings(Uri GatewayUrl, string Token, string Tenant, string? StateDirectory)
{
    public const string UrlVariable = "BUILDPEER_URL";
    public const string TokenVariable = "BUILDPEER_TOKEN";
    public const string TenantVariable = "BUILDPEER_TENANT";
    public const string StateDirectoryVariable = "BUILDPEER_STATE_DIR";
    public const string ConfigVariable = "BUILDPEER_CONFIG";

    public BuildPeerClientOptions ToClientOptions(int? maxConcurrentParts = null) => new()
    {
        GatewayUrl = GatewayUrl,
        TenantId = Tenant,
        AccessTokenProvider = BuildPeerClientOptions.StaticToken(Token),
        StateDirectory = StateDirectory ?? BuildPeerClientOptions.DefaultStateDirectory(),
        MaxConcurrentParts = maxConcurrentParts ?? 4,
    };

    public static CliSettings Load(string? configPath, IDictionary environment)
    {
        var explicitPath = configPath ?? Variable(environment, ConfigVariable);
        var path = explicitPath ?? DefaultConfigPath(environment);
        var file = ReadFile(path, mustExist: explicitPath is not null);

        var url = Variable(environment, UrlVariable) ?? file.Url;
        var token = Variable(environment, TokenVariable) ?? file.Token;
        var tenant = Variable(environment, TenantVariable) ?? file.Tenant;
        var stateDirectory = Variable(environment, StateDirectoryVariable) ?? file.StateDirectory;

        if (string.IsNullOrWhiteSpace(url))
        {
            throw Missing("gateway URL", UrlVariable, "url", path);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var gatewayUrl) || gatewayUrl.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException(ErrorCodes.ConfigInvalid, $"The gateway URL '{url}' is not an http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw Missing("token", TokenVariable, "token", path);
        }

        if (string.IsNullOrWhiteSpace(tenant))
        {
            throw Missing("tenant", TenantVariable, "tenant", path);
        }

        return new CliSettings(gatewayUrl, token.Trim(), tenant.Trim(), stateDirectory);
    }

    public static string DefaultConfigPath(IDictionary environment)
    {
        var configHome = Variable(environment, "XDG_CONFIG_HOME")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(configHome, "buildpeer", "config.json");
    }

    private static ConfigFile ReadFile(string path, bool mustExist)
    {
        if (!File.Exists(path))
        {
            return mustExist
                ? throw new CliUsageException(ErrorCodes.ConfigMissing, $"The config file {path} does not exist.")
                : new ConfigFile(null, null, null, null);
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CliJsonContext.Default.ConfigFile)
                ?? new ConfigFile(null, null, null, null);
        }
        catch (JsonException exception)
        {
            throw new CliUsageException(ErrorCodes.ConfigInvalid, $"The config file {path} is not valid JSON: {exception.Message}");
        }
    }

    private static string? Variable(IDictionary environment, string name) =>
        environment[name] is string { Length: > 0 } value ? value : null;

    private static CliUsageException Missing(string what, string variable, string property, string path) =>
        new(ErrorCodes.ConfigMissing, $"No {what}: set {variable} or \"{property}\" in {path}.");
}

internal sealed record ConfigFile(string? Url, string? Token, string? Tenant, string? StateDirectory);
