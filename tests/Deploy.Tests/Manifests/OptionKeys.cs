using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using BuildPeer.Gateway.Hosting;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.Processing.Scanning;
using BuildPeer.ServiceDefaults;
using BuildPeer.Silo.Hosting;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>
/// The configuration keys a host binds, found in its code: every options class with a <c>SectionName</c> in the
/// host's assemblies, plus the Orleans options the silo binds from sections of its own. A manifest's environment
/// variable (<c>Sqs__VisibilityTimeout</c>) must name a settable property of one of them, and its value must
/// convert to the property's type, or the host would silently ignore or refuse it.
/// </summary>
public sealed class OptionKeys
{
    public static readonly OptionKeys Silo = new(
        [typeof(SiloApplication).Assembly, typeof(SqsOptions).Assembly, typeof(ClamdOptions).Assembly, typeof(ClusterSettings).Assembly],
        [
            (ClusterMembershipSetup.MembershipSection, typeof(ClusterMembershipOptions)),
            (ClusterMembershipSetup.KubernetesSection, typeof(KubernetesHostingOptions)),
            ("Reminders", typeof(ReminderOptions)),
        ],
        [ClusterMembershipSetup.KubernetesEnabledKey]);

    public static readonly OptionKeys Gateway = new(
        [typeof(GatewayApplication).Assembly, typeof(ClusterSettings).Assembly], [], []);

    private readonly IReadOnlyList<(string Section, Type Options)> _sections;
    private readonly HashSet<string> _switches;

    private OptionKeys(Assembly[] assemblies, (string, Type)[] more, string[] switches)
    {
        _sections = [.. assemblies.SelectMany(assembly => assembly.GetTypes())
            .Select(type => (Field: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static), Type: type))
            .Where(pair => pair.Field is { IsLiteral: true } && pair.Field.FieldType == typeof(string))
            .Select(pair => ((string)pair.Field!.GetRawConstantValue()!, pair.Type))
            .Concat(more)];
        _switches = switches.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every section and options class found, so a test can show it found something at all.</summary>
    public IReadOnlyList<(string Section, Type Options)> Sections => _sections;

    /// <summary>
    /// Null when <paramref name="variable"/> binds and <paramref name="value"/> (when known) converts; otherwise why not.
    /// </summary>
    public string? Problem(string variable, string? value)
    {
        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        if (_switches.Contains(key))
        {
            return value is null || bool.TryParse(value, out _) ? null : $"{variable}={value} is not a boolean";
        }

        var candidates = _sections
            .Where(section => key.StartsWith(section.Section + ":", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(section => section.Section.Length)
            .ToList();
        if (candidates.Count == 0)
        {
            return $"{variable}: no options section of this host starts it";
        }

        foreach (var (section, options) in candidates)
        {
            if (Property(options, key[(section.Length + 1)..].Split(':')) is { } property)
            {
                return value is null || value.StartsWith("$(", StringComparison.Ordinal) || Converts(property.PropertyType, value)
                    ? null
                    : $"{variable}={value} does not convert to {property.PropertyType.Name} ({options.Name}.{property.Name})";
            }
        }

        return $"{variable}: {string.Join(" or ", candidates.Select(candidate => candidate.Options.Name))} has no such settable property";
    }

    private static PropertyInfo? Property(Type type, string[] path)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
        {
            return null;
        }

        return path.Length == 1
            ? property.SetMethod is { IsPublic: true } ? property : null
            : Property(property.PropertyType, path[1..]);
    }

    private static bool Converts(Type type, string value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return true;
        }

        try
        {
            return TypeDescriptor.GetConverter(target).ConvertFromString(null, CultureInfo.InvariantCulture, value) is not null;
        }
        catch (Exception exception) when (exception is FormatException or NotSupportedException or ArgumentException
            || exception.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }
}
