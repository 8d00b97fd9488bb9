namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>
/// A project is only unique within its tenant, so its grain key carries both. Both must be <see cref="ResourceId"/>s:
/// a '/' inside either would make the key name another project.
/// </summary>
public static class ProjectKey
{
    public static string Of(string tenantId, string projectId) =>
        $"{ResourceId.Require(tenantId, "tenant")}/{ResourceId.Require(projectId, "project")}";

    /// <summary>The tenant and project of a key built by <see cref="Of"/>; throws for any other string.</summary>
    public static (string TenantId, string ProjectId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !ResourceId.IsValid(key[..slash]) || !ResourceId.IsValid(key[(slash + 1)..]))
        {
            throw new ArgumentException($"'{key}' is not a project key.", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
