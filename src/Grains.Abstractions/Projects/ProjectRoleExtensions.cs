namespace BuildPeer.Grains.Abstractions.Projects;

public static class ProjectRoleExtensions
{
    /// <summary>The wire and database spelling: upper case.</summary>
    public static string ToWireName(this ProjectRole role) => role switch
    {
        ProjectRole.Viewer => "VIEWER",
        ProjectRole.Uploader => "UPLOADER",
        ProjectRole.Manager => "MANAGER",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown project role."),
    };

    public static bool TryParseWireName(string? value, out ProjectRole role)
    {
        foreach (var candidate in Enum.GetValues<ProjectRole>())
        {
            if (string.Equals(candidate.ToWireName(), value, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
