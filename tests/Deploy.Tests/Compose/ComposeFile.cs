using System.Text.Json;

namespace BuildPeer.Deploy.Tests.Compose;

/// <summary>docker-compose.yml as Compose reads it (anchors and merges resolved by deploy/validate/validate.sh).</summary>
public sealed class ComposeFile
{
    public static readonly Lazy<ComposeFile> Root = new(() => Read("docker-compose.yml"));

    private ComposeFile(JsonElement document) => Document = document;

    public JsonElement Document { get; }

    public IEnumerable<string> ServiceNames => Document.GetProperty("services").EnumerateObject().Select(service => service.Name);

    public JsonElement Service(string name) =>
        Document.GetProperty("services").TryGetProperty(name, out var service)
            ? service
            : throw new Xunit.Sdk.XunitException($"docker-compose.yml has no service {name}.");

    /// <summary>A service's environment, every value as the container sees it (a string).</summary>
    public Dictionary<string, string> Environment(string service) =>
        Service(service).TryGetProperty("environment", out var environment)
            ? environment.EnumerateObject().ToDictionary(variable => variable.Name, variable => variable.Value.ValueKind == JsonValueKind.String
                ? variable.Value.GetString()!
                : variable.Value.GetRawText())
            : [];

    /// <summary>The services a service waits for, with the condition it waits on.</summary>
    public Dictionary<string, string> DependsOn(string service) =>
        Service(service).TryGetProperty("depends_on", out var dependencies)
            ? dependencies.EnumerateObject().ToDictionary(dependency => dependency.Name,
                dependency => dependency.Value.GetProperty("condition").GetString()!)
            : [];

    private static ComposeFile Read(string relativePath)
    {
        var rendered = Command.Run("bash", Repository.PathOf("deploy/validate/validate.sh"), "--compose", Repository.PathOf(relativePath));
        if (rendered.ExitCode != 0)
        {
            throw new InvalidOperationException($"{relativePath} could not be read ({rendered.ExitCode}): {rendered.Errors}");
        }

        return new ComposeFile(JsonDocument.Parse(rendered.Output).RootElement.Clone());
    }
}
