namespace BuildPeer.Grains.Abstractions.Access;

/// <summary>What a caller wants to do; <see cref="AccessPolicy"/> says whether they may.</summary>
public enum AccessAction
{
    /// <summary>Create a project in the tenant.</summary>
    CreateProject,

    /// <summary>List every project of the tenant, not only those the caller is a member of.</summary>
    ListEveryProject,

    /// <summary>See a project: its members and limits, its quota, its uploads, the stream of their changes.</summary>
    ViewProject,

    /// <summary>See every member's email address (everyone else sees only their own).</summary>
    SeeMemberEmails,

    /// <summary>Start uploads into a project.</summary>
    Upload,

    /// <summary>Add, change or remove a project's members.</summary>
    ManageMembers,

    /// <summary>Change a project's limits.</summary>
    SetLimits,

    /// <summary>See an upload: its status, its record, the stream of its changes.</summary>
    ViewUpload,

    /// <summary>Complete, abort or re-sign the parts of an upload.</summary>
    ChangeUpload,

    /// <summary>Process a finished upload again.</summary>
    Reprocess,

    /// <summary>See the operators' uploads overview, which spans every tenant.</summary>
    ViewOverview,

    /// <summary>Look at or redrive the dead-letter queue, which holds every tenant's events.</summary>
    ManageDeadLetters,
}
