using System.Collections.Concurrent;
using System.Text.Json;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>
/// One overlay of deploy/k8s as the cluster would receive it: rendered by <c>kubectl kustomize</c> and passed through
/// the offline schema validation of <c>deploy/validate/validate.sh</c>, which fails on any invalid object.
/// </summary>
public sealed class RenderedOverlay
{
    /// <summary>Every folder under deploy/k8s/overlays.</summary>
    public static readonly IReadOnlyList<string> All = [.. Directory.GetDirectories(Repository.PathOf("deploy/k8s/overlays"))
        .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static readonly TheoryData<string> Names = new(All);

    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Rendered = new();

    private RenderedOverlay(string name, IReadOnlyList<JsonElement> objects)
    {
        Name = name;
        Objects = objects;
    }

    public string Name { get; }

    public IReadOnlyList<JsonElement> Objects { get; }

    public static RenderedOverlay Of(string name) => Rendered.GetOrAdd(name, overlay => new(() => Render(overlay))).Value;

    public IEnumerable<JsonElement> OfKind(string kind) => Objects.Where(item => item.GetProperty("kind").GetString() == kind);

    public JsonElement Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(item => NameOf(item) == name) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new Xunit.Sdk.XunitException($"{Name}: no {kind} named {name}.");

    public bool Has(string kind, string name) => OfKind(kind).Any(item => NameOf(item) == name);

    /// <summary>Every workload's pod template with the name of the object it belongs to.</summary>
    public IEnumerable<(string Owner, JsonElement Template)> PodTemplates =>
        Objects.Where(item => item.GetProperty("kind").GetString() is "Deployment" or "StatefulSet" or "DaemonSet" or "Job")
            .Select(item => ($"{item.GetProperty("kind").GetString()} {NameOf(item)}", item.GetProperty("spec").GetProperty("template")));

    /// <summary>Containers and init containers of every pod template.</summary>
    public IEnumerable<(string Owner, JsonElement Container)> Containers =>
        PodTemplates.SelectMany(pod => ContainersOf(pod.Template).Select(container => (pod.Owner, container)));

    public JsonElement Container(string deployment, string container) =>
        ContainersOf(Single("Deployment", deployment).GetProperty("spec").GetProperty("template"))
            .Single(item => item.GetProperty("name").GetString() == container);

    /// <summary>
    /// The environment a container starts with, in order: every key of its <c>envFrom</c> ConfigMaps, then its
    /// <c>env</c> entries (a literal value, or null when it comes from elsewhere).
    /// </summary>
    public IReadOnlyList<(string Name, string? Value)> Environment(JsonElement container)
    {
        var variables = new List<(string, string?)>();
        foreach (var source in Array(container, "envFrom"))
        {
            if (source.TryGetProperty("configMapRef", out var reference))
            {
                var configMap = Single("ConfigMap", reference.GetProperty("name").GetString()!);
                variables.AddRange(configMap.GetProperty("data").EnumerateObject().Select(pair => (pair.Name, (string?)pair.Value.GetString())));
            }
        }

        variables.AddRange(Array(container, "env").Select(variable => (variable.GetProperty("name").GetString()!,
            variable.TryGetProperty("value", out var value) ? value.GetString() : null)));
        return variables;
    }

    /// <summary>The keys each Secret will hold: its data, or what an ExternalSecret writes into it.</summary>
    public Dictionary<string, HashSet<string>> SecretKeys()
    {
        var keys = OfKind("Secret").ToDictionary(NameOf, secret =>
            secret.TryGetProperty("data", out var data) ? data.EnumerateObject().Select(pair => pair.Name).ToHashSet() : []);
        foreach (var external in OfKind("ExternalSecret"))
        {
            var spec = external.GetProperty("spec");
            var target = spec.TryGetProperty("target", out var targetSpec) && targetSpec.TryGetProperty("name", out var targetName)
                ? targetName.GetString()! : NameOf(external);
            keys[target] = [.. Array(spec, "data").Select(item => item.GetProperty("secretKey").GetString()!)];
        }

        return keys;
    }

    public static string NameOf(JsonElement item) => item.GetProperty("metadata").GetProperty("name").GetString()!;

    public static IEnumerable<JsonElement> ContainersOf(JsonElement podTemplate)
    {
        var spec = podTemplate.GetProperty("spec");
        return Array(spec, "initContainers").Concat(Array(spec, "containers"));
    }

    public static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) ? array.EnumerateArray() : [];

    public static IReadOnlyDictionary<string, string> Labels(JsonElement withMetadata) =>
        withMetadata.GetProperty("metadata").TryGetProperty("labels", out var labels)
            ? labels.EnumerateObject().ToDictionary(pair => pair.Name, pair => pair.Value.GetString()!)
            : new Dictionary<string, string>();

    private static RenderedOverlay Render(string name)
    {
        var rendered = Command.Run("bash", Repository.PathOf("deploy/validate/validate.sh"), "--json", name);
        if (rendered.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"deploy/validate/validate.sh --json {name} failed ({rendered.ExitCode}):\n{rendered.Errors}");
        }

        using var document = JsonDocument.Parse(rendered.Output);
        return new RenderedOverlay(name, [.. document.RootElement.EnumerateArray().Select(item => item.Clone())]);
    }
}
