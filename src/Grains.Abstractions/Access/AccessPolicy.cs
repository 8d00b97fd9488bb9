using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.Grains.Abstractions.Access;

/// <summary>
/// Who may do what, decided in one place for the gateway and the grains alike. Pure: the caller looks up the
/// <see cref="AccessTarget"/> (the project's existence, the caller's role in it, the upload's owner) and asks.
/// <list type="bullet">
/// <item>A project's members see it and its uploads; VIEWER only sees, UPLOADER also uploads, MANAGER also
/// manages members and sees their email addresses.</item>
/// <item>A tenant admin sees every project of the tenant and every upload in it, creates projects, manages members
/// and limits, and reprocesses uploads; but uploading takes a member's role (UPLOADER or MANAGER) for everyone,
/// tenant admins included, so a tenant admin who wants to upload adds themselves as a member.</item>
/// <item>Only the person who started an upload (while still an UPLOADER), the project's managers and tenant admins
/// complete, abort or re-sign it.</item>
/// <item>Operators, platform-wide, see the uploads overview, the dead letters, and reprocess uploads of the tenant
/// they name; they see no project by being operators.</item>
/// <item>Whoever may not see a project or upload gets exactly the answer for one that does not exist
/// (<see cref="AccessOutcome.Hidden"/>); whoever sees it but may not act is told why, and what would let them.</item>
/// </list>
/// </summary>
public static class AccessPolicy
{
    private const string NoSuchProject = "No such project.";
    private const string NoSuchUpload = "No such upload.";

    public static AccessDecision Decide(Principal who, AccessAction action, AccessTarget target) => action switch
    {
        AccessAction.CreateProject => who.IsTenantAdmin ? AccessDecision.Allow
            : NotPermitted("Only a tenant admin can create projects."),
        AccessAction.ListEveryProject => who.IsTenantAdmin ? AccessDecision.Allow
            : NotPermitted("Only a tenant admin sees every project of the tenant."),
        AccessAction.ViewProject => SeesProject(who, target) ? AccessDecision.Allow : HiddenProject,
        AccessAction.SeeMemberEmails => ManagesProject(who, target) ? AccessDecision.Allow
            : SeesProject(who, target) ? NotPermitted("Only the project's managers and tenant admins see every member's address.")
            : HiddenProject,
        AccessAction.Upload => Upload(who, target),
        AccessAction.ManageMembers => ManagesProject(who, target) ? AccessDecision.Allow
            : SeesProject(who, target) ? NotPermitted("Only the project's managers and tenant admins can change its members.")
            : HiddenProject,
        AccessAction.SetLimits => who.IsTenantAdmin && target.ProjectExists ? AccessDecision.Allow
            : SeesProject(who, target) ? NotPermitted("Only a tenant admin can change limits.")
            : HiddenProject,
        AccessAction.ViewUpload => SeesUpload(who, target) ? AccessDecision.Allow : HiddenUpload,
        AccessAction.ChangeUpload => ChangeUpload(who, target),
        AccessAction.Reprocess => !who.IsTenantAdmin && !who.IsOperator
            ? NotPermitted("Only a tenant admin or an operator can reprocess uploads.")
            : target.UploadExists ? AccessDecision.Allow : HiddenUpload,
        AccessAction.ViewOverview => who.IsOperator ? AccessDecision.Allow
            : NotPermitted("Only operators can see the uploads overview: it spans every tenant."),
        AccessAction.ManageDeadLetters => who.IsOperator ? AccessDecision.Allow
            : NotPermitted("Only operators can see or move dead letters: they hold every tenant's events."),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };

    private static AccessDecision HiddenProject { get; } = AccessDecision.Hide(ErrorCodes.ProjectNotFound, NoSuchProject);

    private static AccessDecision HiddenUpload { get; } = AccessDecision.Hide(ErrorCodes.UploadNotFound, NoSuchUpload);

    private static bool SeesProject(Principal who, AccessTarget target) =>
        target.Role is not null || (who.IsTenantAdmin && target.ProjectExists);

    private static bool ManagesProject(Principal who, AccessTarget target) =>
        target.Role is ProjectRole.Manager || (who.IsTenantAdmin && target.ProjectExists);

    private static bool MayUpload(ProjectRole? role) => role is ProjectRole.Uploader or ProjectRole.Manager;

    // An upload exists only in a project that exists, so a tenant admin sees every upload of the tenant.
    private static bool SeesUpload(Principal who, AccessTarget target) =>
        target.UploadExists && (target.Role is not null || who.IsTenantAdmin);

    private static AccessDecision Upload(Principal who, AccessTarget target)
    {
        if (!SeesProject(who, target))
        {
            return HiddenProject;
        }

        if (MayUpload(target.Role))
        {
            return AccessDecision.Allow;
        }

        var membership = $"PUT /api/projects/{target.ProjectId}/members/{who.UserId} with {{\"role\":\"UPLOADER\"}}";
        return AccessDecision.Refuse(ErrorCodes.UploadNotPermitted, "Your role in this project does not allow uploads.",
            target.Role is null
                ? $"Uploading takes the role UPLOADER or MANAGER, tenant admins included: add yourself as a member ({membership})."
                : $"Your role is {target.Role.Value.ToWireName()}; uploading takes UPLOADER or MANAGER. Ask a project manager or a tenant admin to change it ({membership}).");
    }

    private static AccessDecision ChangeUpload(Principal who, AccessTarget target)
    {
        if (!SeesUpload(who, target))
        {
            return HiddenUpload;
        }

        var owns = target.Role is ProjectRole.Uploader && string.Equals(target.UploadedBy, who.UserId, StringComparison.Ordinal);
        return who.IsTenantAdmin || target.Role is ProjectRole.Manager || owns
            ? AccessDecision.Allow
            : AccessDecision.Refuse(ErrorCodes.NotUploadOwner,
                "Only the person who started this upload, the project's managers and tenant admins can change it.");
    }

    private static AccessDecision NotPermitted(string title) => AccessDecision.Refuse(ErrorCodes.NotPermitted, title);
}
