namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>A project is only unique within its tenant, so its grain key carries both.</summary>
public static class ProjectKey
{
    public static string Of(string tenantId, string projectId) => $"{tenantId}/{projectId}";
}
