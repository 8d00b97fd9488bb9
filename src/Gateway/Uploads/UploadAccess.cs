using BuildPeer.Gateway.Auth;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Gateway.Uploads;

/// <summary>
/// An upload the caller may see, and whether the caller may change it (complete, abort, re-sign its parts).
/// </summary>
public sealed record UploadAccess(IUploadGrain Grain, UploadStatusView View, bool CanChange)
{
    /// <summary>
    /// Null unless the upload is in the caller's tenant and the caller is a member of its project (or a tenant
    /// admin): every other case, including "does not exist", looks the same to the caller.
    /// </summary>
    public static async Task<UploadAccess?> FindAsync(Guid uploadId, Caller caller, IClusterClient cluster)
    {
        var grain = cluster.GetGrain<IUploadGrain>(uploadId);
        var view = await grain.GetStatusAsync(caller.TenantId);
        if (view is null)
        {
            return null;
        }

        if (caller.IsTenantAdmin)
        {
            return new UploadAccess(grain, view, CanChange: true);
        }

        var access = await cluster.GetGrain<IProjectGrain>(ProjectKey.Of(caller.TenantId, view.ProjectId)).GetAccessAsync(caller.UserId);
        return access.CanView ? new UploadAccess(grain, view, MayChange(caller, access.Role, view.UploadedBy)) : null;
    }

    /// <summary>
    /// Only the person who started an upload (while still allowed to upload), the project's managers and the
    /// tenant's admins may change it: a colleague must not complete, abort or take over someone else's upload.
    /// </summary>
    public static bool MayChange(Caller caller, ProjectRole? role, string uploadedBy) =>
        caller.IsTenantAdmin
        || role is ProjectRole.Manager
        || (role is ProjectRole.Uploader && string.Equals(uploadedBy, caller.UserId, StringComparison.Ordinal));

    /// <summary>Whether the caller may see uploads of a project of its tenant (members and tenant admins).</summary>
    public static async Task<bool> CanViewProjectAsync(Caller caller, string projectId, IClusterClient cluster) =>
        caller.IsTenantAdmin
        || (await cluster.GetGrain<IProjectGrain>(ProjectKey.Of(caller.TenantId, projectId)).GetAccessAsync(caller.UserId)).CanView;
}
