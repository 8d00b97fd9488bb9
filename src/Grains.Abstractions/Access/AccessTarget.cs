using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.Grains.Abstractions.Access;

/// <summary>
/// What an action concerns, as far as access depends on it: the project (whether it exists, the caller's role in
/// it) and, for an upload, whether the upload exists in the caller's tenant and who started it.
/// </summary>
public sealed record AccessTarget(
    string? ProjectId, bool ProjectExists, ProjectRole? Role, bool UploadExists = false, string? UploadedBy = null)
{
    /// <summary>The tenant as a whole (creating or listing projects) or the whole platform (operators' views).</summary>
    public static readonly AccessTarget Tenant = new(null, ProjectExists: false, Role: null);

    /// <summary>An upload that does not exist in the caller's tenant.</summary>
    public static readonly AccessTarget NoUpload = new(null, ProjectExists: false, Role: null);

    /// <summary>A project, with the caller's standing in it.</summary>
    public static AccessTarget Project(string projectId, ProjectAccess access) =>
        new(projectId, access.Exists, access.Role);

    /// <summary>
    /// An upload of the caller's tenant (so its project exists), with the caller's standing in its project;
    /// <paramref name="uploadedBy"/> may be null where it does not matter (viewing).
    /// </summary>
    public static AccessTarget Upload(string projectId, ProjectAccess access, string? uploadedBy) =>
        new(projectId, ProjectExists: true, access.Role, UploadExists: true, uploadedBy);
}
