using System.Collections.Concurrent;
using System.Text.Json;

namespace BuildPeer.Deploy.Tests.Aws;

/// <summary>
/// One environment's stack of deploy/aws (named like its deploy/k8s overlay) as CloudFormation would receive it,
/// synthesized offline by <c>deploy/aws/aws.sh template</c>, with the settings it was made from.
/// </summary>
public sealed class AwsStack
{
    private static readonly ConcurrentDictionary<string, Lazy<AwsStack>> Synthesized = new();

    private AwsStack(JsonElement environment, JsonElement template)
    {
        Environment = environment;
        Template = template;
    }

    /// <summary>account, region, namespace, bucketName, roleName, ... (deploy/aws/lib/environments.mjs).</summary>
    public JsonElement Environment { get; }

    public JsonElement Template { get; }

    public string Setting(string name) => Environment.GetProperty(name).GetString()!;

    public static AwsStack Of(string environment) => Synthesized.GetOrAdd(environment, name => new(() => Synthesize(name))).Value;

    /// <summary>The properties of every resource of a CloudFormation type.</summary>
    public IEnumerable<JsonElement> Resources(string type) =>
        Template.GetProperty("Resources").EnumerateObject()
            .Where(resource => resource.Value.GetProperty("Type").GetString() == type)
            .Select(resource => resource.Value.GetProperty("Properties"));

    /// <summary>A string property of each resource of a type, e.g. every QueueName.</summary>
    public IReadOnlyList<string> Names(string type, string property) =>
        [.. Resources(type).Select(resource => resource.GetProperty(property).GetString()!)];

    private static AwsStack Synthesize(string environment)
    {
        var synthesized = Command.Run("bash", Repository.PathOf("deploy/aws/aws.sh"), "template", environment);
        if (synthesized.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"deploy/aws/aws.sh template {environment} failed ({synthesized.ExitCode}):\n{synthesized.Errors}");
        }

        using var document = JsonDocument.Parse(synthesized.Output);
        return new AwsStack(document.RootElement.GetProperty("environment").Clone(), document.RootElement.GetProperty("template").Clone());
    }
}
