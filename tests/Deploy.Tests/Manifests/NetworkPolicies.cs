using System.Text.Json;
using static BuildPeer.Deploy.Tests.Manifests.RenderedOverlay;

namespace BuildPeer.Deploy.Tests.Manifests;

/// <summary>
/// Reads an overlay's NetworkPolicies as the cluster enforces them (within the namespace): traffic to or from a pod
/// is allowed when no policy of that direction selects the pod, or when one of the policies that do has a rule
/// whose peer and port match.
/// </summary>
public sealed class NetworkPolicies(RenderedOverlay overlay)
{
    /// <summary>Whether a pod of <paramref name="from"/> may open a connection to <paramref name="port"/> of a pod of <paramref name="to"/>.</summary>
    public bool Allows(string from, string to, int port)
    {
        var source = PodTemplate(from);
        var target = PodTemplate(to);
        return Permits(target, "Ingress", "ingress", "from", source, target, port)
            && Permits(source, "Egress", "egress", "to", target, target, port);
    }

    /// <summary>Every pod template of the overlay that <paramref name="policy"/> applies to.</summary>
    public IEnumerable<string> Selected(JsonElement policy) =>
        overlay.PodTemplates.Where(pod => Matches(policy.GetProperty("spec").GetProperty("podSelector"), pod.Template)).Select(pod => pod.Owner);

    private JsonElement PodTemplate(string deployment) =>
        overlay.Single("Deployment", deployment).GetProperty("spec").GetProperty("template");

    private bool Permits(JsonElement pod, string type, string direction, string peerProperty, JsonElement peer, JsonElement portOwner, int port)
    {
        var policies = overlay.OfKind("NetworkPolicy")
            .Where(policy => Array(policy.GetProperty("spec"), "policyTypes").Any(item => item.GetString() == type))
            .Where(policy => Matches(policy.GetProperty("spec").GetProperty("podSelector"), pod))
            .ToList();
        return policies.Count == 0 || policies.Any(policy => Array(policy.GetProperty("spec"), direction).Any(rule =>
            PeerMatches(rule, peerProperty, peer) && PortMatches(rule, portOwner, port)));
    }

    private static bool PeerMatches(JsonElement rule, string peerProperty, JsonElement peer)
    {
        if (!rule.TryGetProperty(peerProperty, out var peers))
        {
            return true;
        }

        // A namespaceSelector names other namespaces; every pod here lives in the overlay's own namespace.
        return peers.EnumerateArray().Any(item => item.TryGetProperty("podSelector", out var selector)
            && !item.TryGetProperty("namespaceSelector", out _)
            && Matches(selector, peer));
    }

    private static bool PortMatches(JsonElement rule, JsonElement portOwner, int port)
    {
        if (!rule.TryGetProperty("ports", out var ports))
        {
            return true;
        }

        var declared = ContainersOf(portOwner).SelectMany(container => Array(container, "ports")).ToList();
        return ports.EnumerateArray().Any(item => !item.TryGetProperty("port", out var value)
            || (value.ValueKind == JsonValueKind.Number
                ? value.GetInt32() == port
                : declared.Any(named => named.TryGetProperty("name", out var name) && name.GetString() == value.GetString()
                    && named.GetProperty("containerPort").GetInt32() == port)));
    }

    private static bool Matches(JsonElement selector, JsonElement pod)
    {
        var labels = Labels(pod);
        return !selector.TryGetProperty("matchLabels", out var wanted)
            || wanted.EnumerateObject().All(pair => labels.TryGetValue(pair.Name, out var value) && value == pair.Value.GetString());
    }
}
